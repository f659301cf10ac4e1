"""HTTP handlers of the usage API: period totals exactly as an invoice bills them, and the log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
from aiohttp import web

from fluxrate_aggregator import queries, readmodels
from fluxrate_aggregator.domain.retention import horizon, needs_raw_before, whole_hours_before
from fluxrate_aggregator.schemas import (
    EventsQuery,
    UsageEventOut,
    UsageOut,
    UsageQuery,
    UsageQuestionsIn,
)
from fluxrate_common.app import POOL
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import NotFound, ValidationFailed
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_cursor, encode_cursor
from fluxrate_common.http.routes import ApiRoutes

routes = ApiRoutes()
WINDOW_STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
MAX_WINDOWS = 1000
RETENTION_DAYS = web.AppKey("event_retention_days", int)


def _month_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def _window_end(start: datetime, window: str) -> datetime:
    if window == "month":
        return (start + timedelta(days=32)).replace(day=1)
    return start + WINDOW_STEP[window]


async def _customer(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID | None,
                    external_id: str | None) -> UUID:
    if external_id is not None:
        found = await readmodels.customer_by_external_id(pool, org_id, external_id)
        if found is None:
            raise NotFound("customer", field="customer_external_id")
        return found
    if customer_id is None or not await readmodels.customer_exists(pool, org_id, customer_id):
        raise NotFound("customer", field="customer_id")
    return customer_id


def _check_kept(request: web.Request, start: datetime, end: datetime, field: str) -> None:
    """Partial hours are read from raw events, which are kept for the retention window only: a
    billing question that would need older ones is refused rather than answered short."""
    oldest = horizon(datetime.now(UTC), request.app[RETENTION_DAYS])
    if needs_raw_before(start, end, oldest):
        raise ValidationFailed(
            "before_event_retention", f"{field}: raw events before {oldest.isoformat()} are no "
            "longer kept (FLUXRATE_AGGREGATOR_EVENT_RETENTION_DAYS); before that, from and to "
            "must fall on whole hours", field=field)


def _check_range(start: datetime, end: datetime, window: str | None) -> None:
    if end <= start:
        raise ValidationFailed("invalid_range", "to: must be after from", field="to")
    if window == "hour" and end - start > timedelta(hours=MAX_WINDOWS):
        raise ValidationFailed("too_many_windows", f"window: at most {MAX_WINDOWS} hourly windows",
                               field="window")


@routes.get("/api/v1/usage", query=UsageQuery, response=UsageOut,
            summary="Usage per meter over [from, to) — exactly what an invoice for it bills; "
                    "with no customer or subscription, the whole organisation's")
async def get_usage(request: web.Request, principal: Principal, query: UsageQuery) -> web.Response:
    pool = request.app[POOL]
    org_id = principal.org_id
    default_start, default_end = _month_bounds(datetime.now(UTC))
    if query.subscription_id is not None:
        found = await readmodels.subscription(pool, org_id, query.subscription_id)
        if found is None:
            raise NotFound("subscription", field="subscription_id")
        customer_id = found["customer_id"]
        default_start, default_end = found["current_period_start"], found["current_period_end"]
    elif query.customer_id is not None and principal.is_service:
        customer_id = query.customer_id  # another service asking; usage is scoped by org anyway
    elif query.customer_id is None and query.customer_external_id is None:
        customer_id = None  # every customer of the organisation
    else:
        customer_id = await _customer(pool, org_id, query.customer_id, query.customer_external_id)
    start, end = query.start or default_start, query.end or default_end
    _check_range(start, end, query.window)
    names = await readmodels.meter_names(pool, org_id)
    if query.meter_id is not None and query.meter_id not in names:
        raise NotFound("meter", field="meter_id")
    # Before the raw events' retention window, a partial hour at an edge counts whole.
    kept_start, kept_end = whole_hours_before(
        start, end, horizon(datetime.now(UTC), request.app[RETENTION_DAYS]))
    data = await _usage(pool, org_id, customer_id, query.meter_id, kept_start, kept_end,
                        query.window, names)
    return json_response({"customer_id": customer_id, "subscription_id": query.subscription_id,
                          "from": start, "to": end, "data": data})


async def _usage(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID | None, meter_id: UUID | None,
                 start: datetime, end: datetime, window: str | None,
                 names: dict[UUID, str]) -> list[dict[str, Any]]:
    async with queries.snapshot(pool) as conn:
        totals = await queries.usage(conn, org_id, customer_id, meter_id, start, end, None)
        windows = [] if window is None else await queries.usage(
            conn, org_id, customer_id, meter_id, start, end, window)
    result = {row.meter_id: {"meter_id": row.meter_id, "meter_name": names.get(row.meter_id),
                             "aggregation": row.aggregation, "value": row.value,
                             "events": row.events} for row in totals}
    if window is not None:
        for item in result.values():
            item["windows"] = []
        for row in windows:
            window_start = max(row.window_start, start)
            result[row.meter_id]["windows"].append({
                "start": window_start, "end": min(_window_end(row.window_start, window), end),
                "value": row.value, "events": row.events})
        for item in result.values():
            item["windows"].sort(key=lambda w: w["start"])
    return sorted(result.values(), key=lambda item: item["meter_name"] or "")


@routes.get("/api/v1/usage/events", query=EventsQuery, response=UsageEventOut, list_response=True,
            summary="The usage log: events as received, newest first")
async def usage_events(request: web.Request, principal: Principal, query: EventsQuery) -> web.Response:
    pool = request.app[POOL]
    customer_id = None
    if query.customer_id is not None or query.customer_external_id is not None:
        customer_id = await _customer(pool, principal.org_id, query.customer_id,
                                      query.customer_external_id)
    before = None
    if query.cursor is not None:
        try:
            before = UUID(decode_cursor(query.cursor, 1)[0])
        except (TypeError, ValueError):
            raise ValidationFailed("invalid_cursor", "cursor is not one this API issued",
                                   field="cursor") from None
    rows = await queries.events_page(pool, principal.org_id, customer_id, query.meter_id,
                                     (query.start, query.end), query.limit, before)
    data = [dict(row) for row in rows[:query.limit]]
    next_cursor = encode_cursor(data[-1]["id"]) if len(rows) > query.limit else None
    return json_response({"data": data, "next_cursor": next_cursor})


@routes.post("/api/v1/usage-queries", body=UsageQuestionsIn, read_only=True,
             summary="Many period questions at once (read-only): usage per meter for each")
async def usage_queries(request: web.Request, principal: Principal,
                        body: UsageQuestionsIn) -> web.Response:
    for index, q in enumerate(body.queries):
        if q.end <= q.start:
            raise ValidationFailed("invalid_range", f"queries[{index}].to: must be after from",
                                   field=f"queries[{index}].to")
        _check_kept(request, q.start, q.end, f"queries[{index}].from")
    questions = [(q.customer_id, q.start, q.end) for q in body.queries]
    pool = request.app[POOL]
    async with queries.snapshot(pool) as conn:
        answers = await queries.usage_many(conn, principal.org_id, questions)
    names = await readmodels.meter_names(pool, principal.org_id)
    results = [{"customer_id": q.customer_id, "from": q.start, "to": q.end,
                "data": [{"meter_id": row.meter_id, "meter_name": names.get(row.meter_id),
                          "aggregation": row.aggregation, "value": row.value,
                          "events": row.events} for row in rows]}
               for q, rows in zip(body.queries, answers, strict=True)]
    return json_response({"results": results})
