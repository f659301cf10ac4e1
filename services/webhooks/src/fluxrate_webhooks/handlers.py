"""HTTP handlers of webhook endpoints: create, list, read, change, rotate the secret, delete,
and the event types they may subscribe to."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_webhooks.catalogue import TYPES
from fluxrate_webhooks.delivery_handlers import routes as delivery_routes
from fluxrate_webhooks.keys import WEBHOOKS
from fluxrate_webhooks.schemas import (
    EndpointIn,
    EndpointListQuery,
    EndpointOut,
    EndpointPatch,
    EndpointWithSecretOut,
    EventTypeOut,
    RotateIn,
)
from fluxrate_webhooks.service import WebhookService

routes = ApiRoutes()
BASE = "/api/v1/webhook-endpoints"


def _now() -> datetime:
    return datetime.now(UTC)


def endpoint_id(request: web.Request) -> Any:
    return parse_uuid(request.match_info["endpoint_id"], "webhook_endpoint")


@routes.post(BASE, service=WEBHOOKS, body=EndpointIn, response=EndpointWithSecretOut, status=201,
             summary="Register an endpoint; its signing secret is in the answer, only this once")
async def create_webhook_endpoint(request: web.Request, principal: Principal, service: WebhookService,
                                  body: EndpointIn) -> web.Response:
    created = await service.create(principal.org_id, body, _now())
    return json_response(created, status=201)


@routes.get(BASE, service=WEBHOOKS, query=EndpointListQuery, response=EndpointOut,
            list_response=True, summary="List the org's webhook endpoints, newest first")
async def list_webhook_endpoints(request: web.Request, principal: Principal, service: WebhookService,
                                 query: EndpointListQuery) -> web.Response:
    return json_response(await service.list(principal.org_id, query.limit,
                                            decode_time_id_cursor(query.cursor)))


@routes.get(BASE + "/{endpoint_id}", service=WEBHOOKS, response=EndpointOut,
            summary="One webhook endpoint")
async def get_webhook_endpoint(request: web.Request, principal: Principal,
                               service: WebhookService) -> web.Response:
    row = await service.get(principal.org_id, endpoint_id(request))
    return json_response(_public(row))


@routes.patch(BASE + "/{endpoint_id}", service=WEBHOOKS, body=EndpointPatch, response=EndpointOut,
              summary="Change an endpoint's URL, description or event types; enable or disable it")
async def update_webhook_endpoint(request: web.Request, principal: Principal, service: WebhookService,
                                  body: EndpointPatch) -> web.Response:
    row = await service.update(principal.org_id, endpoint_id(request), body, _now())
    return json_response(_public(row))


@routes.post(BASE + "/{endpoint_id}/rotate-secret", service=WEBHOOKS, body=RotateIn,
             response=EndpointWithSecretOut,
             summary="A new signing secret (in the answer); the old one also signs for the overlap")
async def rotate_webhook_secret(request: web.Request, principal: Principal, service: WebhookService,
                                body: RotateIn) -> web.Response:
    rotated = await service.rotate(principal.org_id, endpoint_id(request),
                                   body.overlap_seconds, _now())
    return json_response(rotated)


@routes.delete(BASE + "/{endpoint_id}", service=WEBHOOKS, status=204,
               summary="Delete an endpoint with its delivery log; nothing more is sent to it")
async def delete_webhook_endpoint(request: web.Request, principal: Principal,
                                  service: WebhookService) -> web.Response:
    await service.delete(principal.org_id, endpoint_id(request))
    return web.Response(status=204)


@routes.get("/api/v1/webhook-event-types", response=EventTypeOut, list_response=True,
            summary="The event types an endpoint may subscribe to (docs/webhooks.md has each schema)")
async def list_webhook_event_types(request: web.Request, principal: Principal) -> web.Response:
    data = [{"name": t.name, "version": t.version, "summary": t.summary} for t in TYPES]
    return json_response({"data": data, "next_cursor": None})


def _public(row: Any) -> dict[str, Any]:
    return {k: v for k, v in dict(row).items() if k not in ("org_id", "version")}


routes.include(delivery_routes)
