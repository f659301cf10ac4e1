"""Publishing again what the aggregator has not confirmed, and taking its receipts."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import asyncpg

from fluxrate_common.db.applier import dead_letter
from fluxrate_common.db.migrate import advisory_key
from fluxrate_common.kafka.consumer import Record
from fluxrate_common.kafka.producer import BrokerUnavailable, Producer
from fluxrate_common.logging import get_logger
from fluxrate_common.metrics import UNCONFIRMED_OLDEST, UNCONFIRMED_USAGE, USAGE_REDELIVERED
from fluxrate_ingest import unconfirmed

log = get_logger("fluxrate.ingest.redelivery")
RECEIPTS_CONSUMER = "usage-receipts"
_LOCK = advisory_key("ingest:redelivery")


class Redeliverer:
    """One replica at a time (a transaction-scoped advisory lock) publishes lost messages again."""

    def __init__(self, pool: asyncpg.Pool, producer: Producer, topic: str, *, on_start: bool,
                 max_age: timedelta, interval: float = 1.0, batch: int = 200) -> None:
        self._pool = pool
        self._producer = producer
        self._topic = topic
        self._on_start = on_start
        self._max_age = max_age
        self._interval = interval
        self._batch = batch

    async def run(self) -> None:
        # On start with a forgetful broker, everything not yet confirmed counts as lost.
        started = await self._pool.fetchval("SELECT clock_timestamp()")
        before = started if self._on_start else datetime.min.replace(tzinfo=started.tzinfo)
        while True:
            try:
                sent = await self._round(before)
            except BrokerUnavailable as error:
                log.warning("usage_redelivery_retry", error=str(error))
                sent = 0
            if sent < self._batch:
                await asyncio.sleep(self._interval)

    async def _round(self, published_before: datetime) -> int:
        async with self._pool.acquire() as conn, conn.transaction():
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", _LOCK):
                return 0
            waiting, oldest = await unconfirmed.backlog(conn)
            UNCONFIRMED_USAGE.set(waiting)
            UNCONFIRMED_OLDEST.set(oldest)
            if not waiting:
                return 0
            partitions = await self._producer.partition_count(self._topic)
            messages = await unconfirmed.lost(conn, published_before=published_before,
                                              partitions=partitions, max_age=self._max_age,
                                              limit=self._batch)
            if not messages:
                return 0
            again = [m._replace(partition=m.partition % partitions) for m in messages]
            refused = await self._producer.send_all(
                [(self._topic, None, m.value, m.partition) for m in again])
            await unconfirmed.republished(conn, again)
            await unconfirmed.give_up(conn, [(again[i], error) for i, error in refused])
        USAGE_REDELIVERED.inc(len(again))
        log.warning("usage_redelivered", messages=len(again), waiting=waiting)
        return len(again)


class ReceiptTaker:
    """The consumer of the aggregator's receipts: what they name is stored, so forgotten here."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def replay(self, record: Record) -> None:
        """An operator's replay of a receipt that was parked (malformed: it fails again)."""
        ids = unconfirmed.receipt_ids(record.value)
        async with self._pool.acquire() as conn, conn.transaction():
            await unconfirmed.confirm(conn, ids)

    async def __call__(self, records: list[Record]) -> None:
        ids, malformed = [], []
        for record in records:
            try:
                ids += unconfirmed.receipt_ids(record.value)
            except ValueError as error:
                malformed.append((record, str(error)))
        async with self._pool.acquire() as conn, conn.transaction():
            if ids:
                await unconfirmed.confirm(conn, ids)
            await dead_letter(conn, RECEIPTS_CONSUMER, malformed)
