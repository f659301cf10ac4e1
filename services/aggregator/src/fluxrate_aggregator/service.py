"""Usage use cases: period totals exactly as an invoice bills them (for a customer, a
subscription's period or the whole organisation, optionally in windows), many such questions at
once, and the usage log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_aggregator import queries, readmodels
from fluxrate_aggregator.domain.retention import horizon, needs_raw_before, whole_hours_before
from fluxrate_common.http.errors import NotFound, ValidationFailed
from fluxrate_common.http.pagination import decode_cursor, encode_cursor

WINDOW_STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
MAX_WINDOWS = 1000
Question = tuple[UUID, datetime, datetime]  # customer, from, to


@dataclass(frozen=True)
class UsageAsked:
    """Whose usage over which range: a subscription (its current period by default), a
    customer, or nobody named (the whole organisation); the current month by default."""

    subscription_id: UUID | None = None
    customer_id: UUID | None = None
    customer_external_id: str | None = None
    meter_id: UUID | None = None
    start: datetime | None = None
    end: datetime | None = None
    window: str | None = None


@dataclass(frozen=True)
class Whose:
    customer_id: UUID | None  # None: every customer of the organisation
    start: datetime  # the range asked for when none is given
    end: datetime


def _month_bounds(now: datetime) -> tuple[datetime, datetime]:
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, _window_end(start, "month")


def _window_end(start: datetime, window: str) -> datetime:
    if window == "month":
        return (start + timedelta(days=32)).replace(day=1)
    return start + WINDOW_STEP[window]


def _check_range(start: datetime, end: datetime, window: str | None, prefix: str = "") -> None:
    """`prefix`: where the range sits in the request (`queries[2].`)."""
    if end <= start:
        raise ValidationFailed("invalid_range", f"{prefix}to: must be after from", field=f"{prefix}to")
    if window == "hour" and end - start > timedelta(hours=MAX_WINDOWS):
        raise ValidationFailed("too_many_windows", f"window: at most {MAX_WINDOWS} hourly windows",
                               field="window")


def _meter_usage(row: Any, names: dict[UUID, str]) -> dict[str, Any]:
    return {"meter_id": row.meter_id, "meter_name": names.get(row.meter_id),
            "aggregation": row.aggregation, "value": row.value, "events": row.events}


class UsageService:
    def __init__(self, pool: asyncpg.Pool, retention_days: int) -> None:
        self._pool = pool
        self._retention_days = retention_days

    def _oldest_kept(self) -> datetime:
        return horizon(datetime.now(UTC), self._retention_days)

    async def usage(self, org_id: UUID, asked: UsageAsked, as_service: bool) -> dict[str, Any]:
        """`as_service`: another service asking by customer id, which it need not prove."""
        whose = await self._whose(org_id, asked, as_service)
        start, end = asked.start or whose.start, asked.end or whose.end
        _check_range(start, end, asked.window)
        names = await readmodels.meter_names(self._pool, org_id)
        if asked.meter_id is not None and asked.meter_id not in names:
            raise NotFound("meter", field="meter_id")
        # Before the raw events' retention window, a partial hour at an edge counts whole.
        kept_start, kept_end = whole_hours_before(start, end, self._oldest_kept())
        data = await usage_by_meter(self._pool, org_id, whose.customer_id, asked.meter_id,
                                    kept_start, kept_end, asked.window, names)
        return {"customer_id": whose.customer_id, "subscription_id": asked.subscription_id,
                "from": start, "to": end, "data": data}

    async def _whose(self, org_id: UUID, asked: UsageAsked, as_service: bool) -> Whose:
        start, end = _month_bounds(datetime.now(UTC))
        if asked.subscription_id is not None:
            found = await readmodels.subscription(self._pool, org_id, asked.subscription_id)
            if found is None:
                raise NotFound("subscription", field="subscription_id")
            return Whose(found["customer_id"], found["current_period_start"],
                         found["current_period_end"])
        if asked.customer_id is not None and as_service:
            return Whose(asked.customer_id, start, end)  # usage is scoped by org anyway
        if asked.customer_id is None and asked.customer_external_id is None:
            return Whose(None, start, end)
        return Whose(await self._customer(org_id, asked.customer_id, asked.customer_external_id),
                     start, end)

    async def _customer(self, org_id: UUID, customer_id: UUID | None,
                        external_id: str | None) -> UUID:
        if external_id is not None:
            found = await readmodels.customer_by_external_id(self._pool, org_id, external_id)
            if found is None:
                raise NotFound("customer", field="customer_external_id")
            return found
        if customer_id is None or not await readmodels.customer_exists(self._pool, org_id, customer_id):
            raise NotFound("customer", field="customer_id")
        return customer_id

    async def usage_many(self, org_id: UUID, questions: list[Question]) -> list[dict[str, Any]]:
        """Each question's usage per meter, all read from one snapshot."""
        for index, (_, start, end) in enumerate(questions):
            _check_range(start, end, None, f"queries[{index}].")
            self._check_kept(start, end, f"queries[{index}].from")
        async with queries.snapshot(self._pool) as conn:
            answers = await queries.usage_many(conn, org_id, questions)
        names = await readmodels.meter_names(self._pool, org_id)
        return [{"customer_id": customer_id, "from": start, "to": end,
                 "data": [_meter_usage(row, names) for row in rows]}
                for (customer_id, start, end), rows in zip(questions, answers, strict=True)]

    def _check_kept(self, start: datetime, end: datetime, field: str) -> None:
        """Partial hours are read from raw events, which are kept for the retention window only:
        a billing question that would need older ones is refused rather than answered short."""
        oldest = self._oldest_kept()
        if needs_raw_before(start, end, oldest):
            raise ValidationFailed(
                "before_event_retention", f"{field}: raw events before {oldest.isoformat()} are no "
                "longer kept (FLUXRATE_AGGREGATOR_EVENT_RETENTION_DAYS); before that, from and to "
                "must fall on whole hours", field=field)

    async def events(self, org_id: UUID, asked: UsageAsked, limit: int,
                     cursor: str | None) -> dict[str, Any]:
        """The usage log, newest first, a page after the cursor's event."""
        customer_id = None
        if asked.customer_id is not None or asked.customer_external_id is not None:
            customer_id = await self._customer(org_id, asked.customer_id, asked.customer_external_id)
        before = None
        if cursor is not None:
            try:
                before = UUID(decode_cursor(cursor, 1)[0])
            except (TypeError, ValueError):
                raise ValidationFailed("invalid_cursor", "cursor is not one this API issued",
                                       field="cursor") from None
        rows = await queries.events_page(self._pool, org_id, customer_id, asked.meter_id,
                                         (asked.start, asked.end), limit, before)
        data = [dict(row) for row in rows[:limit]]
        next_cursor = encode_cursor(data[-1]["id"]) if len(rows) > limit else None
        return {"data": data, "next_cursor": next_cursor}


async def usage_by_meter(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID | None,
                         meter_id: UUID | None, start: datetime, end: datetime, window: str | None,
                         names: dict[UUID, str]) -> list[dict[str, Any]]:
    """Totals per meter over [start, end), with their windows when asked, from one snapshot."""
    async with queries.snapshot(pool) as conn:
        totals = await queries.usage(conn, org_id, customer_id, meter_id, start, end, None)
        windows = [] if window is None else await queries.usage(
            conn, org_id, customer_id, meter_id, start, end, window)
    result = {row.meter_id: _meter_usage(row, names) for row in totals}
    if window is not None:
        for item in result.values():
            item["windows"] = []
        for row in windows:
            result[row.meter_id]["windows"].append({
                "start": max(row.window_start, start),
                "end": min(_window_end(row.window_start, window), end),
                "value": row.value, "events": row.events})
        for item in result.values():
            item["windows"].sort(key=lambda w: w["start"])
    return sorted(result.values(), key=lambda item: item["meter_name"] or "")
