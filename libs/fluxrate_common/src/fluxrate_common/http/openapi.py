"""An OpenAPI 3.1 document built from the same declarations that route and validate requests."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from fluxrate_common.http.routes import RouteSpec

_PATH_PARAM = re.compile(r"{(\w+)(?::[^}]*)?}")
_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "required": ["type", "code", "message"],
            "properties": {
                "type": {"type": "string"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": "string"},
                "details": {},
            },
        }
    },
}
_RETRY_AFTER = {"description": "seconds to wait before trying again",
                "schema": {"type": "integer", "minimum": 1}}
_SECURITY = {
    "any": [{"apiKey": []}, {"session": []}],
    "session": [{"session": []}],
    "none": [],
    "operator": [{"operator": []}],
    "portal": [{"portal": []}],
}


def _schemas(specs: list[RouteSpec]) -> tuple[dict[Any, Any], dict[str, Any]]:
    inputs = {s.body for s in specs if s.body} | {s.query for s in specs if s.query}
    outputs = {s.response for s in specs if s.response}
    pairs = [(m, "validation") for m in inputs] + [(m, "serialization") for m in outputs]
    key_map, top = models_json_schema(pairs, ref_template="#/components/schemas/{model}")
    return key_map, top.get("$defs", {})


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    local = schema.get("$defs", {})
    return [
        {"name": name, "in": "query", "required": name in required,
         "schema": _inline_refs(prop, local)}
        for name, prop in schema.get("properties", {}).items()
    ]


def _inline_refs(node: Any, local: dict[str, Any]) -> Any:
    """A query parameter stands alone: its `#/$defs/...` references (enums) are written out."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline_refs(local[ref.removeprefix("#/$defs/")], local)
        return {key: _inline_refs(value, local) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(item, local) for item in node]
    return node


def _response_schema(spec: RouteSpec, key_map: dict[Any, Any]) -> dict[str, Any]:
    if spec.response is None:
        return {"type": "object"}
    ref = key_map[(spec.response, "serialization")]
    if not spec.list_response:
        return ref
    return {"type": "object", "properties": {"data": {"type": "array", "items": ref},
                                             "next_cursor": {"type": ["string", "null"]}}}


def _success_content(spec: RouteSpec, key_map: dict[Any, Any]) -> dict[str, Any]:
    if spec.media_type != "application/json":  # a document (a PDF): bytes
        return {spec.media_type: {"schema": {"type": "string", "format": "binary"}}}
    return {"application/json": {"schema": _response_schema(spec, key_map)}}


def _operation(spec: RouteSpec, key_map: dict[Any, Any], tag: str) -> dict[str, Any]:
    params = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
              for n in _PATH_PARAM.findall(spec.path)]
    if spec.query is not None:
        params += _query_parameters(spec.query)
    error = {"description": "error", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
    success: dict[str, Any] = {"description": "success"}
    if spec.status != 204:  # 204 No Content has no body
        success["content"] = _success_content(spec, key_map)
    responses: dict[str, Any] = {str(status): {**success, "description": description}
                                 for status, description in ((spec.status, "success"), *spec.also)}
    if spec.may_be_rate_limited:
        responses["429"] = {**error, "description": "rate limited: retry after `Retry-After`",
                            "headers": {"Retry-After": _RETRY_AFTER}}
    operation: dict[str, Any] = {
        "operationId": spec.operation_id,
        "tags": [tag],
        "summary": spec.summary,
        "parameters": params,
        "security": _SECURITY[spec.auth],
        "responses": {**dict(sorted(responses.items())), "4XX": error},
    }
    if spec.body is not None:
        # A missing body is parsed as `{}`: it is only required when some field is.
        required = bool(spec.body.model_json_schema().get("required"))
        operation["requestBody"] = {"required": required, "content": {
            "application/json": {"schema": key_map[(spec.body, "validation")]}}}
    return operation


def build_openapi(service: str, specs: list[RouteSpec]) -> dict[str, Any]:
    """One service's document."""
    return _document(f"Fluxrate {service} API", {service: specs})


def build_combined_openapi(specs_by_service: dict[str, list[RouteSpec]]) -> dict[str, Any]:
    """The whole API on one host, every operation tagged with the service that answers it:
    what the SDK and the dashboard are generated from."""
    ids = [spec.operation_id for specs in specs_by_service.values() for spec in specs]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"operation ids must be unique across services: {repeated}")
    return _document("Fluxrate API", specs_by_service)


def _document(title: str, specs_by_service: dict[str, list[RouteSpec]]) -> dict[str, Any]:
    key_map, schemas = _schemas([s for specs in specs_by_service.values() for s in specs])
    paths: dict[str, dict[str, Any]] = {}
    for service, specs in specs_by_service.items():
        for spec in specs:
            path = _PATH_PARAM.sub(r"{\1}", spec.path)
            paths.setdefault(path, {})[spec.method.lower()] = _operation(spec, key_map, service)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1"},
        "paths": paths,
        "components": {
            "schemas": {**schemas, "Error": _ERROR_SCHEMA},
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "session": {"type": "apiKey", "in": "cookie", "name": "access_token"},
                "operator": {"type": "http", "scheme": "bearer",
                             "description": "the platform's operator token (FLUXRATE_OPERATOR_TOKEN)"},
                "portal": {"type": "http", "scheme": "bearer",
                           "description": "a customer portal token (POST /customers/{id}/portal-sessions);"
                                          " links may carry it as ?token= instead"},
            },
        },
    }
