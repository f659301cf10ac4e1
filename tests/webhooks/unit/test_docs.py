"""docs/webhooks.md and a schema per type are generated from the catalogue and kept current;
the API's OpenAPI document carries the same types as its `webhooks`."""

from __future__ import annotations

import json
from importlib.resources import files

from fluxrate_platform import webhookdocs
from fluxrate_webhooks.catalogue import DOCUMENTED


def test_the_documentation_holds_every_type_and_its_schema() -> None:
    for path, text in webhookdocs.rendered().items():
        assert path.exists() and path.read_text() == text, \
            f"{path} is stale: run `.venv/bin/fluxrate events --write` (or make openapi)"
    documented = {p.name for p in webhookdocs.SCHEMAS.glob("*.json")}
    assert documented == {webhookdocs.schema_file(kind) for kind in DOCUMENTED}


def test_the_api_document_lists_every_webhook_with_its_body() -> None:
    document = json.loads(files("fluxrate_common").joinpath("openapi.json").read_text())
    assert set(document["webhooks"]) == {kind.name for kind in DOCUMENTED}
    body = document["webhooks"]["invoice.paid"]["post"]["requestBody"]["content"]
    name = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    schema = document["components"]["schemas"][name]
    assert set(schema["properties"]) == {"type", "timestamp", "data"}
