"""The limit watcher: every metered feature with a limit, on every subscription that grants it,
is compared with its usage in the current reset window (asked of the aggregator, one request
per org and thousand questions); a threshold reached for the first time in the window becomes
an `entitlement.limit_reached` event. The notice row and its outbox row commit together under a
key that allows one per threshold per window, so replicas and restarts never announce twice;
one replica at a time does the work (an advisory lock)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.db.eventstore import Append, append_events_many
from fluxrate_common.db.migrate import advisory_key
from fluxrate_common.events import ENTITLEMENTS, new_id
from fluxrate_common.events.entitlements import ENTITLEMENT_LIMIT_REACHED
from fluxrate_common.logging import get_logger
from fluxrate_subscriptions.domain.limits import reached, remaining
from fluxrate_subscriptions.domain.subscriptions import current_window
from fluxrate_subscriptions.entitlements.service import GRANTING

log = get_logger("fluxrate.subscriptions.limits")
PAGE = 1000
ZERO_ID = UUID(int=0)

_METERED = """
SELECT s.id AS subscription_id, s.org_id, s.customer_id, c.external_id, s.anchor, s.started_at,
       f.id AS feature_id, f.snapshot AS feature,
       coalesce(e.entry ->> 'limit', f.snapshot ->> 'limit') AS limit
  FROM subscriptions s
  JOIN customers c ON c.id = s.customer_id
  JOIN plans p ON p.id = s.plan_id
  CROSS JOIN LATERAL jsonb_array_elements(p.snapshot -> 'features') AS e(entry)
  JOIN features f ON f.id = (e.entry ->> 'feature_id')::uuid AND f.org_id = s.org_id
 WHERE s.status = ANY($1::text[]) AND f.snapshot ->> 'type' = 'METER'
   AND f.snapshot ->> 'status' = 'ACTIVE'
   AND coalesce(e.entry ->> 'limit', f.snapshot ->> 'limit') IS NOT NULL
   AND (s.id, f.id) > ($2, $3)
 ORDER BY s.id, f.id LIMIT $4
"""
_INSERT = (
    "INSERT INTO limit_notices (subscription_id, feature_id, window_start, threshold, org_id, usage,"
    " noticed_at) SELECT *, $7 FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[],"
    " $4::smallint[], $5::uuid[], $6::numeric[]) ON CONFLICT DO NOTHING"
    " RETURNING subscription_id, feature_id, window_start, threshold"
)


@dataclass(frozen=True)
class Watched:
    """One metered feature of one subscription, in its current window."""

    subscription_id: UUID
    org_id: UUID
    customer_id: UUID
    external_id: str
    feature_id: UUID
    feature: str
    meter_id: UUID
    limit: Decimal
    reset_period: str
    window_start: datetime
    window_end: datetime | None

    def key(self, threshold: int) -> tuple[UUID, UUID, datetime, int]:
        return (self.subscription_id, self.feature_id, self.window_start, threshold)


def _watched(row: asyncpg.Record, now: datetime) -> Watched | None:
    feature = row["feature"]
    reset = feature.get("reset_period") or "month"
    start, end = current_window(row["anchor"], row["started_at"], reset, now)
    if now <= start:
        return None
    return Watched(row["subscription_id"], row["org_id"], row["customer_id"], row["external_id"],
                   row["feature_id"], feature["name"], UUID(feature["meter_id"]),
                   Decimal(row["limit"]), reset, start, end)


class LimitWatcher:
    def __init__(self, pool: asyncpg.Pool, usage: UsageClient, namespace: str) -> None:
        self._pool = pool
        self._usage = usage
        self._topic = ENTITLEMENTS.name(namespace)

    async def run(self, interval: float) -> None:
        while True:
            await self.check(datetime.now(UTC))
            await asyncio.sleep(interval)

    async def check(self, now: datetime) -> int:
        """Announce every threshold reached and not yet announced; returns how many."""
        async with self._pool.acquire() as lock:
            if not await lock.fetchval("SELECT pg_try_advisory_lock($1)", advisory_key("limits")):
                return 0  # another replica is at it
            try:
                return await self._check_all(now)
            finally:
                await lock.execute("SELECT pg_advisory_unlock($1)", advisory_key("limits"))

    async def _check_all(self, now: datetime) -> int:
        after, announced = (ZERO_ID, ZERO_ID), 0
        while True:
            rows = await self._pool.fetch(_METERED, list(GRANTING), *after, PAGE)
            watched = [w for row in rows if (w := _watched(row, now)) is not None]
            announced += await self._check_page(watched, now)
            if len(rows) < PAGE:
                return announced
            after = (rows[-1]["subscription_id"], rows[-1]["feature_id"])

    async def _check_page(self, watched: list[Watched], now: datetime) -> int:
        noticed = await self._noticed(watched)
        still_open = [w for w in watched if w.key(100) not in noticed]
        usage = await self._usage_of(still_open, now)
        notices = []
        for w in still_open:
            used = usage[(w.org_id, w.customer_id, w.window_start)].get(w.meter_id, Decimal(0))
            notices += [(w, threshold, used) for threshold in reached(w.limit, used)
                        if w.key(threshold) not in noticed]
        return await self._record(notices, now) if notices else 0

    async def _noticed(self, watched: list[Watched]) -> set[tuple[UUID, UUID, datetime, int]]:
        if not watched:
            return set()
        rows = await self._pool.fetch(  # this window's notices: older ones no longer matter
            "SELECT subscription_id, feature_id, window_start, threshold FROM limit_notices"
            " WHERE subscription_id = ANY($1::uuid[]) AND window_start >= $2",
            list({w.subscription_id for w in watched}), min(w.window_start for w in watched))
        return {tuple(row) for row in rows}

    async def _usage_of(self, watched: list[Watched],
                        now: datetime) -> dict[tuple[UUID, UUID, datetime], dict[UUID, Decimal]]:
        questions: dict[UUID, list[tuple[UUID, datetime, datetime]]] = defaultdict(list)
        for w in watched:
            questions[w.org_id].append((w.customer_id, w.window_start, now))
        answers = {}
        for org_id, asked in questions.items():
            unique = list(dict.fromkeys(asked))
            for i in range(0, len(unique), PAGE):
                chunk = unique[i:i + PAGE]
                for (customer, start, _), usage in zip(
                        chunk, await self._usage.usage_many(org_id, chunk, now), strict=True):
                    answers[(org_id, customer, start)] = usage
        return answers

    async def _record(self, notices: list[tuple[Watched, int, Decimal]], now: datetime) -> int:
        columns = [list(c) for c in zip(*[(w.subscription_id, w.feature_id, w.window_start, t,
                                           w.org_id, used) for w, t, used in notices], strict=True)]
        async with self._pool.acquire() as conn, conn.transaction():
            fresh = {tuple(row) for row in await conn.fetch(_INSERT, *columns, now)}
            appends = [self._append(w, t, used, now) for w, t, used in notices
                       if w.key(t) in fresh]
            await append_events_many(conn, appends)
        log.info("limit_notices", announced=len(appends))
        return len(appends)

    def _append(self, w: Watched, threshold: int, used: Decimal, now: datetime) -> Append:
        left = remaining(w.limit, used)
        event = ENTITLEMENT_LIMIT_REACHED.make(w.org_id, now, {
            "customer_id": w.customer_id, "customer_external_id": w.external_id,
            "subscription_id": w.subscription_id, "feature_id": w.feature_id, "feature": w.feature,
            "threshold": threshold, "limit": w.limit, "usage": used, "remaining": left,
            "allowed": used < w.limit, "reset_period": w.reset_period,
            "window_start": w.window_start, "window_end": w.window_end})
        return Append("limit_notice", new_id(), 0, [event], self._topic, key=str(w.customer_id))
