"""HTTP handlers of webhook endpoints: create, list, read, change, rotate the secret, delete,
and the event types they may subscribe to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from fluxrate_common.app import POOL
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor, page
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_webhooks import endpoints_repository as repo
from fluxrate_webhooks.catalogue import TYPES
from fluxrate_webhooks.delivery_handlers import routes as delivery_routes
from fluxrate_webhooks.keys import SERVICE
from fluxrate_webhooks.schemas import (
    EndpointIn,
    EndpointListQuery,
    EndpointOut,
    EndpointPatch,
    EndpointWithSecretOut,
    EventTypeOut,
    RotateIn,
)

routes = ApiRoutes()
BASE = "/api/v1/webhook-endpoints"


def _now() -> datetime:
    return datetime.now(UTC)


def endpoint_id(request: web.Request) -> Any:
    return parse_uuid(request.match_info["endpoint_id"], "webhook_endpoint")


@routes.post(BASE, body=EndpointIn, response=EndpointWithSecretOut, status=201,
             summary="Register an endpoint; its signing secret is in the answer, only this once")
async def create_webhook_endpoint(request: web.Request, principal: Principal,
                                  body: EndpointIn) -> web.Response:
    created = await request.app[SERVICE].create(principal.org_id, body, _now())
    return json_response(created, status=201)


@routes.get(BASE, query=EndpointListQuery, response=EndpointOut, list_response=True,
            summary="List the org's webhook endpoints, newest first")
async def list_webhook_endpoints(request: web.Request, principal: Principal,
                                 query: EndpointListQuery) -> web.Response:
    rows = await repo.page(request.app[POOL], principal.org_id, query.limit,
                           decode_time_id_cursor(query.cursor))
    result = page([dict(r) for r in rows], query.limit, key=lambda r: (r["created_at"], r["id"]))
    return json_response(result)


@routes.get(BASE + "/{endpoint_id}", response=EndpointOut, summary="One webhook endpoint")
async def get_webhook_endpoint(request: web.Request, principal: Principal) -> web.Response:
    row = await request.app[SERVICE].get(principal.org_id, endpoint_id(request))
    return json_response(_public(row))


@routes.patch(BASE + "/{endpoint_id}", body=EndpointPatch, response=EndpointOut,
              summary="Change an endpoint's URL, description or event types; enable or disable it")
async def update_webhook_endpoint(request: web.Request, principal: Principal,
                                  body: EndpointPatch) -> web.Response:
    row = await request.app[SERVICE].update(principal.org_id, endpoint_id(request), body, _now())
    return json_response(_public(row))


@routes.post(BASE + "/{endpoint_id}/rotate-secret", body=RotateIn,
             response=EndpointWithSecretOut,
             summary="A new signing secret (in the answer); the old one also signs for the overlap")
async def rotate_webhook_secret(request: web.Request, principal: Principal,
                                body: RotateIn) -> web.Response:
    rotated = await request.app[SERVICE].rotate(principal.org_id, endpoint_id(request),
                                                body.overlap_seconds, _now())
    return json_response(rotated)


@routes.delete(BASE + "/{endpoint_id}", status=204,
               summary="Delete an endpoint with its delivery log; nothing more is sent to it")
async def delete_webhook_endpoint(request: web.Request, principal: Principal) -> web.Response:
    await request.app[SERVICE].delete(principal.org_id, endpoint_id(request))
    return web.Response(status=204)


@routes.get("/api/v1/webhook-event-types", response=EventTypeOut, list_response=True,
            summary="The event types an endpoint may subscribe to (docs/webhooks.md has each schema)")
async def list_webhook_event_types(request: web.Request, principal: Principal) -> web.Response:
    data = [{"name": t.name, "version": t.version, "summary": t.summary} for t in TYPES]
    return json_response({"data": data, "next_cursor": None})


def _public(row: Any) -> dict[str, Any]:
    return {k: v for k, v in dict(row).items() if k not in ("org_id", "version")}


routes.include(delivery_routes)
