"""docs/events.md and a JSON schema per event type, generated from the event catalogue
(`fluxrate events --write`); a test fails when they are stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fluxrate_common.events import CATALOGUE, EventType

DOCS = Path(__file__).resolve().parents[2] / "docs"
INDEX = DOCS / "events.md"
SCHEMAS = DOCS / "events"


def platform_types() -> list[EventType[Any]]:
    """The platform's own declarations (a test may declare its own; they are not documented)."""
    return sorted((t for t in CATALOGUE.values()
                   if t.payload.__module__.startswith("fluxrate_common.events.")), key=lambda t: t.name)


def schema_file(event_type: EventType[Any]) -> str:
    return f"{event_type.name}.v{event_type.version}.json"


def schema(event_type: EventType[Any]) -> dict[str, Any]:
    body = event_type.payload.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"{event_type.name} v{event_type.version}",
            "description": event_type.summary, **body}


def index() -> str:
    rows = [f"| `{t.name}` | {t.version} | `fluxrate.{t.topic.service}.{t.topic.entity}.v{t.topic.version}`"
            f" | {'internal' if t.internal else 'public'} | {t.summary} | [schema](events/{schema_file(t)}) |"
            for t in platform_types()]
    return "\n".join([
        "# Events",
        "",
        "Every event a Fluxrate service publishes, generated from the event catalogue",
        "(`libs/fluxrate_common/src/fluxrate_common/events/`) by `fluxrate events --write`.",
        "Each travels in the envelope `{id, type, schema_version, org_id, occurred_at, data}`;",
        "`data` follows the type's schema. Public events are what webhooks and the SDK expose;",
        "internal ones are plumbing between services.",
        "",
        "| type | version | topic | audience | what happened | payload |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ])


def rendered() -> dict[Path, str]:
    files = {INDEX: index()}
    for event_type in platform_types():
        files[SCHEMAS / schema_file(event_type)] = json.dumps(schema(event_type), indent=2) + "\n"
    return files


def write() -> list[Path]:
    SCHEMAS.mkdir(parents=True, exist_ok=True)
    wanted = rendered()
    for stale in set(SCHEMAS.glob("*.json")) - set(wanted):
        stale.unlink()
    for path, text in wanted.items():
        path.write_text(text)
    return sorted(wanted)
