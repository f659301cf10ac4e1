"""SQL behind the usage API: period totals (per meter, optionally per window) and the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from fluxrate_aggregator.domain.periods import plan_range, usage_value

_SCOPE = "org_id = $1 AND customer_id = $2 AND ($3::uuid IS NULL OR meter_id = $3)"
_RAW = "counted AND ((ts >= $6 AND ts < $7) OR (ts >= $8 AND ts < $9))"
_WINDOW = "CASE WHEN $10::text IS NULL THEN NULL ELSE date_trunc($10::text, t, 'UTC') END"

_TOTALS = f"""
WITH src AS (
    SELECT meter_id, aggregation, bucket AS t, sum, count, max, last_value, last_ts
      FROM usage_rollups WHERE {_SCOPE} AND bucket >= $4 AND bucket < $5
    UNION ALL
    SELECT meter_id, aggregation, ts, coalesce(value, 0), 1, value, value,
           CASE WHEN value IS NULL THEN NULL ELSE ts END
      FROM usage_events WHERE {_SCOPE} AND {_RAW}
)
SELECT meter_id, {_WINDOW} AS window_start, min(aggregation) AS aggregation,
       sum(sum) AS total, sum(count) AS count, max(max) AS maximum,
       (array_agg(last_value ORDER BY last_ts DESC NULLS LAST))[1] AS last
  FROM src GROUP BY 1, 2
"""
_DISTINCT = f"""
WITH src AS (
    SELECT meter_id, bucket AS t, value
      FROM usage_uniques WHERE {_SCOPE} AND bucket >= $4 AND bucket < $5
    UNION ALL
    SELECT meter_id, ts, unique_value
      FROM usage_events WHERE {_SCOPE} AND {_RAW} AND unique_value IS NOT NULL
)
SELECT meter_id, {_WINDOW} AS window_start, count(DISTINCT value) AS distinct_values
  FROM src GROUP BY 1, 2
"""


@dataclass(frozen=True)
class UsageRow:
    meter_id: UUID
    aggregation: str
    window_start: datetime | None
    value: Decimal
    events: int


async def usage(conn: asyncpg.Connection | asyncpg.Pool, org_id: UUID, customer_id: UUID,
                meter_id: UUID | None, start: datetime, end: datetime,
                window: str | None) -> list[UsageRow]:
    plan = plan_range(start, end)
    (r1, r2) = plan.raw
    args = (org_id, customer_id, meter_id, *plan.buckets, *r1, *r2, window)
    totals = await conn.fetch(_TOTALS, *args)
    distinct = {(r["meter_id"], r["window_start"]): r["distinct_values"]
                for r in await conn.fetch(_DISTINCT, *args)}
    return [UsageRow(r["meter_id"], r["aggregation"], r["window_start"],
                     usage_value(r["aggregation"], r["total"], r["count"], r["maximum"], r["last"],
                                 distinct.get((r["meter_id"], r["window_start"]))),
                     r["count"])
            for r in totals]


async def events_page(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID | None,
                      meter_id: UUID | None, limit: int, before: UUID | None) -> list[asyncpg.Record]:
    return await pool.fetch(
        "SELECT id, meter_id, customer_id, idempotency_key, ts AS timestamp, value, unique_value,"
        " properties, counted, received_at FROM usage_events WHERE org_id = $1"
        " AND ($2::uuid IS NULL OR customer_id = $2) AND ($3::uuid IS NULL OR meter_id = $3)"
        " AND ($4::uuid IS NULL OR id < $4) ORDER BY id DESC LIMIT $5",
        org_id, customer_id, meter_id, before, limit + 1)
