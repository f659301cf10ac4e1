"""The usage consumer: store each event once and fold the new ones into the rollups, in one
transaction per batch; offsets are committed after it (by the consumer runner)."""

from __future__ import annotations

import asyncpg

from fluxrate_aggregator.domain.usage import UsageEvent, decode_message, fold
from fluxrate_common.db.applier import dead_letter
from fluxrate_common.kafka.consumer import Record
from fluxrate_common.metrics import CONSUMER_RECORDS

_INSERT_EVENTS = (
    "INSERT INTO usage_events (org_id, idempotency_key, id, meter_id, customer_id, aggregation, ts,"
    " value, unique_value, properties, counted, received_at)"
    " SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[],"
    " $7::timestamptz[], $8::numeric[], $9::text[], $10::jsonb[], $11::bool[], $12::timestamptz[])"
    " ON CONFLICT DO NOTHING RETURNING org_id, idempotency_key"
)
_UPSERT_ROLLUPS = (
    "INSERT INTO usage_rollups AS r (org_id, meter_id, customer_id, bucket, aggregation, sum, count,"
    " max, last_value, last_ts) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[],"
    " $4::timestamptz[], $5::text[], $6::numeric[], $7::bigint[], $8::numeric[], $9::numeric[],"
    " $10::timestamptz[]) ON CONFLICT (org_id, meter_id, customer_id, bucket) DO UPDATE SET"
    " sum = r.sum + excluded.sum, count = r.count + excluded.count,"
    " max = greatest(r.max, excluded.max),"
    " last_value = CASE WHEN r.last_ts IS NULL OR excluded.last_ts >= r.last_ts"
    "   THEN coalesce(excluded.last_value, r.last_value) ELSE r.last_value END,"
    " last_ts = greatest(r.last_ts, excluded.last_ts)"
)
_INSERT_UNIQUES = (
    "INSERT INTO usage_uniques (org_id, meter_id, customer_id, bucket, value)"
    " SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[])"
    " ON CONFLICT DO NOTHING"
)
CONSUMER = "usage"


def _columns(rows: list[tuple]) -> list[list]:
    return [list(column) for column in zip(*rows, strict=True)]


class UsageWriter:
    def __init__(self, pool: asyncpg.Pool, service: str) -> None:
        self._pool = pool
        self._service = service

    async def __call__(self, records: list[Record]) -> None:
        events, undecodable = [], []
        for record in records:
            try:
                events += decode_message(record.value)
            except ValueError as error:
                undecodable.append((record, str(error)))
        async with self._pool.acquire() as conn, conn.transaction():
            fresh = await self._store(conn, events) if events else []
            await self._fold(conn, fresh)
            await dead_letter(conn, CONSUMER, undecodable)
        CONSUMER_RECORDS.labels(self._service, CONSUMER, "applied").inc(len(fresh))
        CONSUMER_RECORDS.labels(self._service, CONSUMER, "duplicate").inc(len(events) - len(fresh))

    @staticmethod
    async def _store(conn: asyncpg.Connection, events: list[UsageEvent]) -> list[UsageEvent]:
        """Insert every event; returns those seen for the first time (first copy wins)."""
        seen: set[tuple] = set()
        events = [e for e in events if not ((e.org_id, e.idempotency_key) in seen
                                            or seen.add((e.org_id, e.idempotency_key)))]
        rows = [(e.org_id, e.idempotency_key, e.id, e.meter_id, e.customer_id, e.aggregation,
                 e.timestamp, e.value, e.unique_value, e.properties, e.counted, e.received_at)
                for e in events]
        new_keys = {(r[0], r[1]) for r in await conn.fetch(_INSERT_EVENTS, *_columns(rows))}
        return [e for e in events if (e.org_id, e.idempotency_key) in new_keys]

    @staticmethod
    async def _fold(conn: asyncpg.Connection, fresh: list[UsageEvent]) -> None:
        deltas, uniques = fold(fresh)
        if deltas:
            rows = [(*key, d.aggregation, d.sum, d.count, d.max, d.last_value, d.last_ts)
                    for key, d in deltas.items()]
            await conn.execute(_UPSERT_ROLLUPS, *_columns(rows))
        if uniques:
            await conn.execute(_INSERT_UNIQUES, *_columns([(*key, value) for key, value in uniques]))
