"""The one OpenAPI document of the whole API, built from every service's route declarations.

It is committed as package data of the shared library (every service serves it at
`/api/v1/openapi.json`) and is what the SDK's models and the dashboard's types are generated
from; a test fails when the committed copy and the code disagree.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from fluxrate_common.http.openapi import build_combined_openapi

COMMITTED = Path(str(files("fluxrate_common").joinpath("openapi.json")))


def combined_document() -> dict[str, Any]:
    from fluxrate_platform.services import SERVICES
    from fluxrate_platform.webhookdocs import openapi_webhooks

    document = build_combined_openapi({name: list(entry.spec.all_routes().specs)
                                       for name, entry in SERVICES.items() if entry.spec.routes})
    webhooks, schemas = openapi_webhooks()
    known = document["components"]["schemas"]
    clashes = [name for name, schema in schemas.items() if known.get(name, schema) != schema]
    if clashes:
        raise ValueError(f"webhook schemas clash with the API's: {clashes}")
    known.update(schemas)
    document["webhooks"] = webhooks
    return document


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
