"""HTTP handlers of an endpoint's deliveries: the log (every attempt: when, status code, the
start of the answer, latency), one delivery with its body, a test event, and replays."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import asyncpg
import orjson
from aiohttp import web

from fluxrate_common.app import POOL
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import NotFound
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor, page
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_webhooks import deliveries_repository as repo
from fluxrate_webhooks.domain.payloads import message_id
from fluxrate_webhooks.keys import ENCRYPTOR, SERVICE
from fluxrate_webhooks.schemas import DeliveryListQuery, DeliveryOut, ReplayedOut, ReplayRangeIn

routes = ApiRoutes()
BASE = "/api/v1/webhook-endpoints/{endpoint_id}"


def _now() -> datetime:
    return datetime.now(UTC)


def _ids(request: web.Request) -> tuple[Any, Any]:
    endpoint = parse_uuid(request.match_info["endpoint_id"], "webhook_endpoint")
    delivery = request.match_info.get("delivery_id")
    return endpoint, delivery and parse_uuid(delivery, "webhook_delivery")


async def _view(request: web.Request, rows: list[asyncpg.Record],
                with_payload: bool = False) -> list[dict[str, Any]]:
    attempts = await repo.attempts(request.app[POOL], [row["id"] for row in rows])
    views = []
    for row in rows:
        view = {"id": row["id"], "endpoint_id": row["endpoint_id"],
                "webhook_id": message_id(row["message_id"]), "event_type": row["event_type"],
                "status": row["status"], "attempts": attempts[row["id"]],
                "next_attempt_at": row["next_attempt_at"] if row["status"] == "pending" else None,
                "succeeded_at": row["succeeded_at"], "created_at": row["created_at"]}
        if with_payload:
            view["payload"] = orjson.loads(request.app[ENCRYPTOR].decrypt(row["payload"]))
        views.append(view)
    return views


async def _endpoint_exists(request: web.Request, principal: Principal, endpoint: Any) -> None:
    found = await request.app[POOL].fetchval("SELECT 1 FROM endpoints WHERE org_id = $1 AND id = $2",
                                             principal.org_id, endpoint)
    if found is None:
        raise NotFound("webhook_endpoint")


@routes.get(BASE + "/deliveries", query=DeliveryListQuery, response=DeliveryOut,
            list_response=True, summary="The endpoint's delivery log, newest first, every attempt")
async def list_webhook_deliveries(request: web.Request, principal: Principal,
                                  query: DeliveryListQuery) -> web.Response:
    endpoint, _ = _ids(request)
    await _endpoint_exists(request, principal, endpoint)
    rows = await repo.page(request.app[POOL], principal.org_id, endpoint,
                           query.model_dump(include={"status", "event_type"}), query.limit,
                           decode_time_id_cursor(query.cursor))
    result = page(rows, query.limit, key=lambda r: (r["created_at"], r["id"]))
    result["data"] = await _view(request, result["data"])
    return json_response(result)


@routes.get(BASE + "/deliveries/{delivery_id}", response=DeliveryOut,
            summary="One delivery with its attempts and the body it sends")
async def get_webhook_delivery(request: web.Request, principal: Principal) -> web.Response:
    endpoint, delivery = _ids(request)
    row = await repo.get(request.app[POOL], principal.org_id, endpoint, delivery)
    if row is None:
        raise NotFound("webhook_delivery")
    return json_response((await _view(request, [row], with_payload=True))[0])


@routes.post(BASE + "/deliveries/{delivery_id}/replay", response=DeliveryOut, status=202,
             summary="Send one delivery again now (same webhook-id), with a fresh retry schedule")
async def replay_webhook_delivery(request: web.Request, principal: Principal) -> web.Response:
    endpoint, delivery = _ids(request)
    row = await request.app[SERVICE].replay(principal.org_id, endpoint, delivery, _now())
    return json_response((await _view(request, [row]))[0], status=202)


@routes.post(BASE + "/replay", body=ReplayRangeIn, response=ReplayedOut, status=202,
             summary="Send again the endpoint's deliveries created in a time range (failed ones,"
                     " or all)")
async def replay_webhook_range(request: web.Request, principal: Principal,
                               body: ReplayRangeIn) -> web.Response:
    endpoint, _ = _ids(request)
    count = await request.app[SERVICE].replay_range(principal.org_id, endpoint, body, _now())
    return json_response({"replayed": count}, status=202)


@routes.post(BASE + "/test", response=DeliveryOut, status=202,
             summary="Send a `webhook.test` event to this endpoint now")
async def send_webhook_test(request: web.Request, principal: Principal) -> web.Response:
    endpoint, _ = _ids(request)
    row = await request.app[SERVICE].send_test(principal.org_id, endpoint, _now())
    return json_response((await _view(request, [row]))[0], status=202)
