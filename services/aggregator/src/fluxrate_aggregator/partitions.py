"""Daily partitions of raw usage events: made ahead of time and on demand, dropped past the
retention window by one replica at a time (rollups are never dropped)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

import asyncpg

from fluxrate_aggregator.domain.retention import days_ahead, drop_before
from fluxrate_common.db.migrate import advisory_key
from fluxrate_common.logging import get_logger

log = get_logger("fluxrate.aggregator.partitions")
_LOCK = advisory_key("aggregator:usage-retention")


class PartitionDays:
    """The days known to have a partition, so the writer asks PostgreSQL only about new ones."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._known: set[date] = set()

    async def ensure(self, days: Iterable[date]) -> None:
        missing = sorted(set(days) - self._known)
        if not missing:
            return
        async with self._pool.acquire() as conn, conn.transaction():
            for day in missing:
                await conn.execute("SELECT ensure_usage_partition($1)", day)
        self._known.update(missing)


class RetentionKeeper:
    def __init__(self, pool: asyncpg.Pool, *, retention_days: int, ahead_days: int,
                 interval: float = 3600.0, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._pool = pool
        self._retention_days = retention_days
        self._ahead_days = ahead_days
        self._interval = interval
        self._clock = clock

    async def run(self) -> None:
        while True:
            await self.round()
            await asyncio.sleep(self._interval)

    async def round(self) -> list[str]:
        """Make the coming days, drop the expired ones; returns the partitions dropped."""
        now = self._clock()
        async with self._pool.acquire() as conn:
            async with conn.transaction():
                for day in days_ahead(now, self._ahead_days):
                    await conn.execute("SELECT ensure_usage_partition($1)", day)
            if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", _LOCK):
                return []
            try:
                return await self._drop_expired(conn, drop_before(now, self._retention_days))
            finally:
                await conn.execute("SELECT pg_advisory_unlock($1)", _LOCK)

    @staticmethod
    async def _drop_expired(conn: asyncpg.Connection, before: date) -> list[str]:
        """Detached without blocking the writer or readers (CONCURRENTLY, outside a transaction;
        one interrupted half-way is finished on the next round), then dropped."""
        names = [row[0] for row in await conn.fetch(
            "SELECT name FROM usage_event_partitions WHERE ends <= $1 ORDER BY ends", before)]
        for name in names:
            state = await conn.fetchval(
                "SELECT i.inhdetachpending FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                " WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace", name)
            if state is not None:
                mode = "FINALIZE" if state else "CONCURRENTLY"
                await conn.execute(f'ALTER TABLE usage_events DETACH PARTITION "{name}" {mode}')
            async with conn.transaction():
                await conn.execute(f'DROP TABLE IF EXISTS "{name}"')
                await conn.execute("DELETE FROM usage_event_partitions WHERE name = $1", name)
            log.info("usage_partition_dropped", partition=name, before=before.isoformat())
        return names
