"""HTTP handlers for subscriptions: parse, call the use case, serialise."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_subscriptions.shared.handlers import now
from fluxrate_subscriptions.subscriptions.schemas import (
    CancelIn,
    ChangePlanIn,
    EventsQuery,
    SubscriptionIn,
    SubscriptionListQuery,
    SubscriptionOut,
)
from fluxrate_subscriptions.subscriptions.service import SubscriptionService

SUBSCRIPTIONS = web.AppKey("subscription_service", SubscriptionService)

routes = ApiRoutes()


def _id(request: web.Request) -> Any:
    return parse_uuid(request.match_info["subscription_id"], "subscription")


@routes.post("/api/v1/subscriptions", service=SUBSCRIPTIONS, body=SubscriptionIn,
             response=SubscriptionOut, status=201,
             summary="Subscribe a customer to a plan (start_date may be in the past)")
async def create(request: web.Request, principal: Principal, service: SubscriptionService,
                 body: SubscriptionIn) -> web.Response:
    sub = await service.create(principal.org_id, body.command(), now())
    return json_response(sub.snapshot(), status=201)


@routes.get("/api/v1/subscriptions", service=SUBSCRIPTIONS, query=SubscriptionListQuery,
            response=SubscriptionOut, list_response=True, summary="List subscriptions, newest first")
async def list_subscriptions(request: web.Request, principal: Principal, service: SubscriptionService,
                             query: SubscriptionListQuery) -> web.Response:
    result = await service.list(principal.org_id, query.limit, decode_time_id_cursor(query.cursor),
                                query.customer_id, query.status, query.customer_external_id)
    result["data"] = [s.snapshot() for s in result["data"]]
    return json_response(result)


@routes.get("/api/v1/subscriptions/{subscription_id}", service=SUBSCRIPTIONS,
            response=SubscriptionOut, summary="One subscription with its current period")
async def get(request: web.Request, principal: Principal, service: SubscriptionService) -> web.Response:
    return json_response((await service.get(principal.org_id, _id(request))).snapshot())


@routes.get("/api/v1/subscriptions/{subscription_id}/events", service=SUBSCRIPTIONS,
            query=EventsQuery,
            summary="The subscription's event log: every change, every period end, in order")
async def events(request: web.Request, principal: Principal, service: SubscriptionService,
                 query: EventsQuery) -> web.Response:
    return json_response(await service.events(principal.org_id, _id(request), query.limit,
                                              query.cursor))


@routes.post("/api/v1/subscriptions/{subscription_id}/pause", service=SUBSCRIPTIONS,
             response=SubscriptionOut,
             summary="Pause: fixed fees stop counting days until it is resumed")
async def pause(request: web.Request, principal: Principal, service: SubscriptionService) -> web.Response:
    return json_response((await service.pause(principal.org_id, _id(request), now())).snapshot())


@routes.post("/api/v1/subscriptions/{subscription_id}/resume", service=SUBSCRIPTIONS,
             response=SubscriptionOut, summary="Resume a paused subscription")
async def resume(request: web.Request, principal: Principal, service: SubscriptionService) -> web.Response:
    return json_response((await service.resume(principal.org_id, _id(request), now())).snapshot())


@routes.post("/api/v1/subscriptions/{subscription_id}/cancel", service=SUBSCRIPTIONS, body=CancelIn,
             response=SubscriptionOut,
             summary="Cancel now (the period so far is billed) or at period end")
async def cancel(request: web.Request, principal: Principal, service: SubscriptionService,
                 body: CancelIn) -> web.Response:
    sub = await service.cancel(principal.org_id, _id(request), body.at_period_end, now())
    return json_response(sub.snapshot())


@routes.post("/api/v1/subscriptions/{subscription_id}/change-plan", service=SUBSCRIPTIONS,
             body=ChangePlanIn, response=SubscriptionOut,
             summary="Move to another plan now (prorated) or at period end")
async def change_plan(request: web.Request, principal: Principal, service: SubscriptionService,
                      body: ChangePlanIn) -> web.Response:
    sub = await service.change_plan(principal.org_id, _id(request), body.plan_id,
                                    body.at_period_end, now())
    return json_response(sub.snapshot())
