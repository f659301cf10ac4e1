"""The period-end scheduler: a loop that passes due boundaries. Any number of replicas may run
it; `FOR UPDATE SKIP LOCKED` gives each due subscription to exactly one of them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg

from fluxrate_common.db.applier import TRANSIENT
from fluxrate_common.logging import get_logger
from fluxrate_common.metrics import SCHEDULER_LAG, SUBSCRIPTIONS_QUARANTINED
from fluxrate_subscriptions.domain.subscriptions import Subscription
from fluxrate_subscriptions.subscriptions import repository as repo
from fluxrate_subscriptions.subscriptions.recorder import Lookups, Step, SubscriptionRecorder

log = get_logger("fluxrate.subscriptions")
Work = list[tuple[Subscription, list[Step]]]


class PeriodScheduler:
    def __init__(self, pool: asyncpg.Pool, recorder: SubscriptionRecorder) -> None:
        self._pool = pool
        self._recorder = recorder

    async def advance_due(self, now: datetime, limit: int, max_periods: int) -> int:
        """Pass the due boundaries of up to `limit` subscriptions no other replica holds: all
        of them in a few statements; should that fail, one at a time, so a bad row cannot stop
        the rest."""
        async with self._pool.acquire() as conn, conn.transaction():
            due = await repo.lock_due(conn, now, limit)
            if not due:
                return 0
            lookups = await self._recorder.lookups(conn, due)
            work = await self._steps_or_quarantine(conn, due, now, max_periods)
            try:
                async with conn.transaction():
                    await self._recorder.record_many(conn, work, now, lookups)
            except TRANSIENT:
                raise
            except Exception:
                log.exception("period_batch_failed", subscriptions=len(work))
                await self._record_one_by_one(conn, work, now, lookups)
        return len(due)

    async def health(self, now: datetime) -> tuple[float, int]:
        return await repo.scheduler_health(self._pool, now)

    async def _steps_or_quarantine(self, conn: asyncpg.Connection, due: list[Subscription],
                                   now: datetime, max_periods: int) -> Work:
        work = []
        for sub in due:
            try:
                steps = _steps(sub, now, max_periods)
            except Exception as error:
                await _quarantine(conn, sub, error)
                continue
            if steps:
                work.append((sub, steps))
        return work

    async def _record_one_by_one(self, conn: asyncpg.Connection, work: Work, now: datetime,
                                 lookups: Lookups) -> None:
        for sub, steps in work:
            try:
                async with conn.transaction():
                    await self._recorder.record(conn, sub, steps, now, lookups)
            except TRANSIENT:
                raise
            except Exception as error:
                await _quarantine(conn, sub, error)


async def _quarantine(conn: asyncpg.Connection, sub: Subscription, error: Exception) -> None:
    log.error("subscription_quarantined", subscription_id=str(sub.id), org_id=str(sub.org_id),
              error=repr(error))
    await repo.quarantine(conn, sub.id, repr(error))


def _steps(sub: Subscription, now: datetime, max_periods: int) -> list[Step]:
    """The boundaries due by `now`, one period at a time, in order (at most `max_periods`;
    the rest on the next pass)."""
    steps: list[Step] = []
    current = sub
    for _ in range(max_periods):
        current, changes = current.advance(now)
        if not changes:
            break
        steps.append((current, changes))
    return steps


async def run_scheduler(scheduler: PeriodScheduler, poll_interval: float, batch_size: int,
                        max_periods: int, health_interval: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    next_health = 0.0
    while True:
        handled = await scheduler.advance_due(datetime.now(UTC), batch_size, max_periods)
        if loop.time() >= next_health:
            lag, quarantined = await scheduler.health(datetime.now(UTC))
            SCHEDULER_LAG.set(lag)
            SUBSCRIPTIONS_QUARANTINED.set(quarantined)
            next_health = loop.time() + health_interval
        if handled < batch_size:  # caught up: wait; otherwise go straight on
            await asyncio.sleep(poll_interval)
