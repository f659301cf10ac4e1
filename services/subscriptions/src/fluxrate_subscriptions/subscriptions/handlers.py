"""HTTP handlers for subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from fluxrate_common.app import POOL
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import ValidationFailed
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_cursor, decode_time_id_cursor, encode_cursor, page
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_subscriptions.domain.subscriptions import Subscription
from fluxrate_subscriptions.subscriptions import repository as repo
from fluxrate_subscriptions.subscriptions.schemas import (
    CancelIn,
    ChangePlanIn,
    EventsQuery,
    SubscriptionIn,
    SubscriptionListQuery,
    SubscriptionOut,
    as_moment,
)
from fluxrate_subscriptions.subscriptions.service import SubscriptionService

SUBSCRIPTIONS = web.AppKey("subscription_service", SubscriptionService)

routes = ApiRoutes()


def _now() -> datetime:
    return datetime.now(UTC)


def _id(request: web.Request) -> Any:
    return parse_uuid(request.match_info["subscription_id"], "subscription")


def _window(body: SubscriptionIn, now: datetime) -> tuple[datetime, datetime | None, datetime | None]:
    start = as_moment(body.start_date) or now
    trial_end = as_moment(body.trial_end)
    if body.trial_days:
        trial_end = start + timedelta(days=body.trial_days)
    if trial_end is not None and trial_end <= start:
        raise ValidationFailed("invalid_field", "trial_end: must be after start_date", field="trial_end")
    end_date = as_moment(body.end_date)
    if end_date is not None and end_date <= start:
        raise ValidationFailed("invalid_field", "end_date: must be after start_date", field="end_date")
    return start, trial_end, end_date


@routes.post("/api/v1/subscriptions", body=SubscriptionIn, response=SubscriptionOut, status=201,
             summary="Subscribe a customer to a plan (start_date may be in the past)")
async def create(request: web.Request, principal: Principal, body: SubscriptionIn) -> web.Response:
    service, now = request.app[SUBSCRIPTIONS], _now()
    start, trial_end, end_date = _window(body, now)
    customer_id = await service.customer_id(principal.org_id, body.customer_id,
                                            body.customer_external_id)
    sub = await service.create(principal.org_id, customer_id, body.plan_id, start, trial_end,
                               end_date, now)
    return json_response(sub.snapshot(), status=201)


@routes.get("/api/v1/subscriptions", query=SubscriptionListQuery, response=SubscriptionOut,
            list_response=True, summary="List subscriptions, newest first")
async def list_subscriptions(request: web.Request, principal: Principal,
                             query: SubscriptionListQuery) -> web.Response:
    rows = await repo.page(request.app[POOL], principal.org_id, query.limit,
                           decode_time_id_cursor(query.cursor), query.customer_id, query.status,
                           query.customer_external_id)
    result = page(rows, query.limit, key=lambda s: (s.created_at, s.id))
    result["data"] = [s.snapshot() for s in result["data"]]
    return json_response(result)


@routes.get("/api/v1/subscriptions/{subscription_id}", response=SubscriptionOut,
            summary="One subscription with its current period")
async def get(request: web.Request, principal: Principal) -> web.Response:
    sub = await request.app[SUBSCRIPTIONS].get(principal.org_id, _id(request))
    return json_response(sub.snapshot())


@routes.get("/api/v1/subscriptions/{subscription_id}/events", query=EventsQuery,
            summary="The subscription's event log: every change, every period end, in order")
async def events(request: web.Request, principal: Principal, query: EventsQuery) -> web.Response:
    sub = await request.app[SUBSCRIPTIONS].get(principal.org_id, _id(request))
    after = decode_cursor(query.cursor, 1)[0] if query.cursor else 0
    if not isinstance(after, int):
        raise ValidationFailed("invalid_cursor", "cursor is not one this API issued", field="cursor")
    rows = await repo.events(request.app[POOL], principal.org_id, sub.id, query.limit, after)
    data = [dict(r) for r in rows[:query.limit]]
    more = len(rows) > query.limit
    next_cursor = encode_cursor(data[-1]["version"]) if more else None
    return json_response({"data": data, "next_cursor": next_cursor})


async def _command(request: web.Request, principal: Principal, action: Any) -> web.Response:
    sub = await request.app[SUBSCRIPTIONS].command(principal.org_id, _id(request), action, _now())
    return json_response(sub.snapshot())


@routes.post("/api/v1/subscriptions/{subscription_id}/pause", response=SubscriptionOut,
             summary="Pause: fixed fees stop counting days until it is resumed")
async def pause(request: web.Request, principal: Principal) -> web.Response:
    now = _now()
    return await _command(request, principal, lambda s: s.pause(now))


@routes.post("/api/v1/subscriptions/{subscription_id}/resume", response=SubscriptionOut,
             summary="Resume a paused subscription")
async def resume(request: web.Request, principal: Principal) -> web.Response:
    now = _now()
    return await _command(request, principal, lambda s: s.resume(now))


@routes.post("/api/v1/subscriptions/{subscription_id}/cancel", body=CancelIn,
             response=SubscriptionOut,
             summary="Cancel now (the period so far is billed) or at period end")
async def cancel(request: web.Request, principal: Principal, body: CancelIn) -> web.Response:
    now = _now()
    return await _command(request, principal, lambda s: s.cancel(now, body.at_period_end))


@routes.post("/api/v1/subscriptions/{subscription_id}/change-plan", body=ChangePlanIn,
             response=SubscriptionOut, summary="Move to another plan now (prorated) or at period end")
async def change_plan(request: web.Request, principal: Principal, body: ChangePlanIn) -> web.Response:
    service, now = request.app[SUBSCRIPTIONS], _now()
    await service.get(principal.org_id, _id(request))  # 404 before anything about the plan
    plan = await service.new_plan(principal.org_id, body.plan_id)

    def action(s: Subscription) -> Any:
        return s.change_plan(body.plan_id, plan["interval"], now, body.at_period_end)

    return await _command(request, principal, action)
