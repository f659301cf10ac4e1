"""HTTP handlers of an endpoint's deliveries: the log (every attempt: when, status code, the
start of the answer, latency), one delivery with its body, a test event, and replays."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_webhooks.keys import WEBHOOKS
from fluxrate_webhooks.schemas import DeliveryListQuery, DeliveryOut, ReplayedOut, ReplayRangeIn
from fluxrate_webhooks.service import WebhookService

routes = ApiRoutes()
BASE = "/api/v1/webhook-endpoints/{endpoint_id}"


def _now() -> datetime:
    return datetime.now(UTC)


def _ids(request: web.Request) -> tuple[Any, Any]:
    endpoint = parse_uuid(request.match_info["endpoint_id"], "webhook_endpoint")
    delivery = request.match_info.get("delivery_id")
    return endpoint, delivery and parse_uuid(delivery, "webhook_delivery")


@routes.get(BASE + "/deliveries", service=WEBHOOKS, query=DeliveryListQuery, response=DeliveryOut,
            list_response=True, summary="The endpoint's delivery log, newest first, every attempt")
async def list_webhook_deliveries(request: web.Request, principal: Principal, service: WebhookService,
                                  query: DeliveryListQuery) -> web.Response:
    endpoint, _ = _ids(request)
    return json_response(await service.deliveries(
        principal.org_id, endpoint, query.model_dump(include={"status", "event_type"}), query.limit,
        decode_time_id_cursor(query.cursor)))


@routes.get(BASE + "/deliveries/{delivery_id}", service=WEBHOOKS, response=DeliveryOut,
            summary="One delivery with its attempts and the body it sends")
async def get_webhook_delivery(request: web.Request, principal: Principal,
                               service: WebhookService) -> web.Response:
    endpoint, delivery = _ids(request)
    return json_response(await service.delivery(principal.org_id, endpoint, delivery))


@routes.post(BASE + "/deliveries/{delivery_id}/replay", service=WEBHOOKS, response=DeliveryOut,
             status=202,
             summary="Send one delivery again now (same webhook-id), with a fresh retry schedule")
async def replay_webhook_delivery(request: web.Request, principal: Principal,
                                  service: WebhookService) -> web.Response:
    endpoint, delivery = _ids(request)
    return json_response(await service.replay(principal.org_id, endpoint, delivery, _now()),
                         status=202)


@routes.post(BASE + "/replay", service=WEBHOOKS, body=ReplayRangeIn, response=ReplayedOut, status=202,
             summary="Send again the endpoint's deliveries created in a time range (failed ones,"
                     " or all)")
async def replay_webhook_range(request: web.Request, principal: Principal, service: WebhookService,
                               body: ReplayRangeIn) -> web.Response:
    endpoint, _ = _ids(request)
    count = await service.replay_range(principal.org_id, endpoint, body, _now())
    return json_response({"replayed": count}, status=202)


@routes.post(BASE + "/test", service=WEBHOOKS, response=DeliveryOut, status=202,
             summary="Send a `webhook.test` event to this endpoint now")
async def send_webhook_test(request: web.Request, principal: Principal,
                            service: WebhookService) -> web.Response:
    endpoint, _ = _ids(request)
    return json_response(await service.send_test(principal.org_id, endpoint, _now()), status=202)
