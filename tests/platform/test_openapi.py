"""The whole API's OpenAPI document: current with the code, self-contained, served."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from fluxrate_platform.openapi import COMMITTED, combined_document, render
from tests.support.platform import RunningPlatform


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [node["$ref"]] if "$ref" in node else [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for item in node for r in _refs(item)]
    return []


def test_the_committed_document_matches_the_code() -> None:
    assert COMMITTED.read_text() == render(combined_document()), \
        "the API changed: run `.venv/bin/fluxrate openapi --write` and commit the result"


def test_every_reference_resolves_and_every_operation_is_named_once() -> None:
    document = combined_document()
    schemas = document["components"]["schemas"]
    for ref in _refs(document):
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    operations = [op for item in document["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids)) and all(ids)
    assert {tag for op in operations for tag in op["tags"]} == {
        "identity", "catalog", "ingest", "aggregator", "subscriptions", "invoicing", "webhooks"}


async def test_the_platform_serves_the_whole_document(platform: RunningPlatform) -> None:
    async with aiohttp.ClientSession() as http, \
            http.get(f"{platform.url}/api/v1/openapi.json") as response:
        assert response.status == 200
        assert json.loads(await response.read()) == json.loads(COMMITTED.read_text())
