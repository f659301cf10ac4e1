"""The usage consumer: store each event once and fold the new ones into the rollups, in one
transaction per batch, with a receipt naming the messages stored (through the outbox, for
ingest, which keeps each acknowledged message until then); offsets are committed after it (by
the consumer runner)."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg

from fluxrate_aggregator.domain.retention import days_of, horizon
from fluxrate_aggregator.domain.usage import (
    UsageEvent,
    UsageMessage,
    decode_message,
    single_event,
)
from fluxrate_aggregator.partitions import PartitionDays
from fluxrate_common.db.applier import TRANSIENT, dead_letter
from fluxrate_common.db.deadletters import Parked, park
from fluxrate_common.db.outbox import INSERT_OUTBOX
from fluxrate_common.events import PLATFORM_ORG
from fluxrate_common.events.usage import USAGE_STORED
from fluxrate_common.kafka.consumer import Record
from fluxrate_common.logging import get_logger
from fluxrate_common.metrics import CONSUMER_RECORDS

log = get_logger("fluxrate.aggregator.writer")

_COLUMNS = ("org_id", "idempotency_key", "id", "meter_id", "customer_id", "aggregation",
            "ts", "value", "unique_value", "properties", "counted", "received_at")
# Rows arrive by COPY into a session temp table (cheaper than a dozen arrays per statement).
_STAGING = (
    "CREATE TEMP TABLE IF NOT EXISTS usage_staging (org_id uuid, idempotency_key text,"
    " id uuid, meter_id uuid, customer_id uuid, aggregation text, ts timestamptz, value text,"
    " unique_value text, properties text, counted bool, received_at timestamptz)"
    " ON COMMIT DELETE ROWS"
)
# One statement stores the events (ON CONFLICT DO NOTHING: a copy stored before is no news)
# and folds only the new ones into hourly rollups and distinct values, so PostgreSQL does the
# per-event work in C. Rows go in one global key order: overlapping batches never deadlock.
# Only LAST meters read a rollup's last value (a meter's aggregation never changes): its latest
# event's by event time, on a tie the one ingest made last (ids are UUIDv7).
_STORE_AND_FOLD = """
WITH stored AS (
    INSERT INTO usage_events
    SELECT org_id, idempotency_key, id, meter_id, customer_id, aggregation, ts, value::numeric,
           unique_value, properties::jsonb, counted, received_at
      FROM usage_staging ORDER BY org_id, idempotency_key
    ON CONFLICT DO NOTHING
    RETURNING org_id, meter_id, customer_id, date_bin('1 hour', ts, '2000-01-01 00:00+00') AS bucket,
              aggregation, value, ts, id, unique_value, counted),
fresh AS (SELECT * FROM stored WHERE counted),
totals AS (
    SELECT org_id, meter_id, customer_id, bucket, min(aggregation) AS aggregation,
           coalesce(sum(value), 0) AS sum, count(*) AS count, max(value) AS max
      FROM fresh GROUP BY org_id, meter_id, customer_id, bucket),
latest AS (
    SELECT DISTINCT ON (org_id, meter_id, customer_id, bucket) org_id, meter_id, customer_id,
           bucket, value, ts
      FROM fresh WHERE aggregation = 'LAST' AND value IS NOT NULL
     ORDER BY org_id, meter_id, customer_id, bucket, ts DESC, id DESC),
rolled AS (
    INSERT INTO usage_rollups AS r (org_id, meter_id, customer_id, bucket, aggregation, sum,
                                    count, max, last_value, last_ts)
    SELECT t.*, l.value, l.ts
      FROM totals t LEFT JOIN latest l USING (org_id, meter_id, customer_id, bucket)
     ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, meter_id, customer_id, bucket) DO UPDATE SET
       sum = r.sum + excluded.sum, count = r.count + excluded.count,
       max = greatest(r.max, excluded.max),
       last_value = CASE WHEN r.last_ts IS NULL OR excluded.last_ts >= r.last_ts
                         THEN coalesce(excluded.last_value, r.last_value) ELSE r.last_value END,
       last_ts = greatest(r.last_ts, excluded.last_ts)),
distinct_values AS (
    INSERT INTO usage_uniques (org_id, meter_id, customer_id, bucket, value)
    SELECT DISTINCT org_id, meter_id, customer_id, bucket, unique_value FROM fresh
     WHERE unique_value IS NOT NULL ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT DO NOTHING)
SELECT count(*) FROM stored
"""
CONSUMER = "usage"


RECEIPT_KEY = b"receipts"  # one partition: ingest reads receipts in the order they were written


def outside_window(record: Record, message: UsageMessage,
                   oldest: datetime) -> tuple[UsageMessage, list[Parked]]:
    """The message without its events older than the retention window, and those events set
    aside: their day may be gone with the copy that would make them a duplicate, so counting
    them could count an event twice."""
    if all(event.timestamp >= oldest for event in message.events):
        return message, []
    kept, parked = [], []
    for index, event in enumerate(message.events):
        if event.timestamp >= oldest:
            kept.append(event)
        else:
            parked.append(Parked(record.topic, record.partition, record.offset, record.key,
                                 single_event(record.value, index), _too_old(event, oldest)))
    return UsageMessage(message.id, kept), parked


def _too_old(event: UsageEvent, oldest: datetime) -> str:
    return (f"outside_dedup_window: timestamp {event.timestamp.isoformat()} is before "
            f"{oldest.isoformat()}, the oldest event time the aggregator still deduplicates "
            "(FLUXRATE_AGGREGATOR_EVENT_RETENTION_DAYS); not counted")


class UsageWriter:
    def __init__(self, pool: asyncpg.Pool, service: str, receipts_topic: str, *,
                 retention_days: int) -> None:
        self._pool = pool
        self._service = service
        self._receipts_topic = receipts_topic
        self._retention_days = retention_days
        self._partitions = PartitionDays(pool)

    async def __call__(self, records: list[Record]) -> None:
        decoded, undecodable, too_old = [], [], []
        oldest = horizon(datetime.now(UTC), self._retention_days)
        for record in records:
            try:
                message, parked = outside_window(record, decode_message(record.value), oldest)
            except ValueError as error:
                undecodable.append((record, str(error)))
                continue
            decoded.append((record, message))
            too_old += parked
        await self._partitions.ensure(days_of(e.timestamp for _, m in decoded for e in m.events))
        async with self._pool.acquire() as conn:
            try:
                async with conn.transaction():
                    await self._write(conn, [message for _, message in decoded])
                    await dead_letter(conn, CONSUMER, undecodable)
                    await park(conn, CONSUMER, too_old)
            except TRANSIENT:
                raise
            except Exception as error:  # what one record holds: isolate it, store the rest
                log.warning("usage_batch_isolating", error=repr(error), records=len(records))
                await self._write_one_by_one(conn, decoded, undecodable, too_old)

    async def replay(self, record: Record) -> None:
        """An operator's replay of a parked message or event: applied as it is, or an error."""
        message, parked = outside_window(record, decode_message(record.value),
                                         horizon(datetime.now(UTC), self._retention_days))
        if parked:
            raise ValueError(parked[0].error)
        await self._partitions.ensure(days_of(e.timestamp for e in message.events))
        async with self._pool.acquire() as conn, conn.transaction():
            await self._write(conn, [message])

    async def _write(self, conn: asyncpg.Connection, messages: list[UsageMessage]) -> None:
        """Store, fold and acknowledge (the receipt), in the caller's transaction."""
        events = [event for message in messages for event in message.events]
        fresh = await self._store_and_fold(conn, events) if events else 0
        message_ids = [message.id for message in messages if message.id is not None]
        if message_ids:
            receipt = USAGE_STORED.make(PLATFORM_ORG, datetime.now(UTC), {"messages": message_ids})
            await conn.execute(INSERT_OUTBOX, receipt.id, self._receipts_topic, RECEIPT_KEY,
                               receipt.to_bytes())
        CONSUMER_RECORDS.labels(self._service, CONSUMER, "applied").inc(fresh)
        CONSUMER_RECORDS.labels(self._service, CONSUMER, "duplicate").inc(len(events) - fresh)

    async def _write_one_by_one(self, conn: asyncpg.Connection,
                                decoded: list[tuple[Record, UsageMessage]],
                                undecodable: list[tuple[Record, str]], too_old: list[Parked]) -> None:
        """Each message in its own transaction; a message that fails, event by event, so one
        bad event is parked alone and the rest of its message is still counted."""
        for record, message in decoded:
            try:
                async with conn.transaction():
                    await self._write(conn, [message])
            except TRANSIENT:
                raise
            except Exception:
                await self._write_events_alone(conn, record, message)
        async with conn.transaction():
            await dead_letter(conn, CONSUMER, undecodable)
            await park(conn, CONSUMER, too_old)

    async def _write_events_alone(self, conn: asyncpg.Connection, record: Record,
                                  message: UsageMessage) -> None:
        async with conn.transaction():
            for index, event in enumerate(message.events):
                try:
                    async with conn.transaction():  # a savepoint per event
                        await self._write(conn, [UsageMessage(None, [event])])
                except TRANSIENT:
                    raise
                except Exception as error:
                    await park(conn, CONSUMER, [Parked(record.topic, record.partition, record.offset,
                                                       record.key, single_event(record.value, index),
                                                       repr(error))])
            await self._write(conn, [UsageMessage(message.id, [])])  # the receipt: ingest may forget it

    @staticmethod
    async def _store_and_fold(conn: asyncpg.Connection, events: list[UsageEvent]) -> int:
        """Store every event and fold the new ones; returns how many were new (the first copy
        of a key in the batch wins)."""
        first_copies: dict[tuple[str, str], UsageEvent] = {}
        for event in events:
            first_copies.setdefault(event[:2], event)  # (org_id, idempotency_key)
        await conn.execute(_STAGING)
        await conn.copy_records_to_table("usage_staging", records=first_copies.values(),
                                         columns=_COLUMNS)
        return await conn.fetchval(_STORE_AND_FOLD)
