"""docs/webhooks.md and a JSON schema per public webhook event type (the whole body a receiver
gets), generated from the webhooks service's catalogue by `fluxrate events --write`; the same
schemas are the `webhooks` of the API's OpenAPI document. A test fails when they are stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import models_json_schema

from fluxrate_platform.eventdocs import DOCS
from fluxrate_webhooks.catalogue import DOCUMENTED, WebhookType

INDEX = DOCS / "webhooks.md"
SCHEMAS = DOCS / "webhooks"


def schema_file(kind: WebhookType) -> str:
    return f"{kind.name}.v{kind.version}.json"


def schema(kind: WebhookType) -> dict[str, Any]:
    body = kind.envelope_model().model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "description": kind.summary,
            **body}


def _made_from(kind: WebhookType) -> str:
    return ", ".join(f"`{source.name}`" for source in kind.sources) or "the test action"


def index() -> str:
    rows = [f"| `{k.name}` | {k.version} | {k.summary} | `{k.data.__name__}` | {_made_from(k)} |"
            f" [schema](webhooks/{schema_file(k)}) |" for k in DOCUMENTED]
    return "\n".join([
        "# Webhook events",
        "",
        "Every event type an endpoint may subscribe to, generated from the webhooks service's",
        "catalogue (`services/webhooks/src/fluxrate_webhooks/catalogue.py`) by",
        "`fluxrate events --write`. Each delivery is a POST whose body is",
        '`{"type", "timestamp", "data"}`: `data` is the object as the API returns it, as it was',
        "when the event happened. Headers (Standard Webhooks): `webhook-id` (the same on every",
        "retry and replay of one event: deduplicate on it), `webhook-timestamp`,",
        "`webhook-signature`. A type's payload only gains fields within a version; a change that",
        "is not backwards compatible comes as a new version. The README's Webhooks section shows",
        "how to verify a delivery and when it is retried.",
        "",
        "| type | version | when | `data` | made from | body |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ])


def rendered() -> dict[Path, str]:
    files = {INDEX: index()}
    for kind in DOCUMENTED:
        files[SCHEMAS / schema_file(kind)] = json.dumps(schema(kind), indent=2) + "\n"
    return files


def write() -> list[Path]:
    SCHEMAS.mkdir(parents=True, exist_ok=True)
    wanted = rendered()
    for stale in set(SCHEMAS.glob("*.json")) - set(wanted):
        stale.unlink()
    for path, text in wanted.items():
        path.write_text(text)
    return sorted(wanted)


def openapi_webhooks() -> tuple[dict[str, Any], dict[str, Any]]:
    """(the document's `webhooks`, the component schemas they name): one POST per type."""
    models = [(kind.envelope_model(), "serialization") for kind in DOCUMENTED]
    refs, top = models_json_schema(models, ref_template="#/components/schemas/{model}")
    webhooks = {}
    for kind, model in zip(DOCUMENTED, models, strict=True):
        webhooks[kind.name] = {"post": {
            "summary": kind.summary, "operationId": f"webhook_{kind.name.replace('.', '_')}",
            "requestBody": {"required": True,
                            "content": {"application/json": {"schema": refs[model]}}},
            "responses": {"2XX": {"description": "received: anything else is retried"}}}}
    return webhooks, top.get("$defs", {})
