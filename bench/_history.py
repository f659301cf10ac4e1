"""A fast loader of usage history for the benchmark: raw events written by PostgreSQL itself
(one INSERT ... SELECT per day into a table of that day, whose indexes are then built once,
when the aggregator attaches it as that day's partition), with the rollups they make. Nothing
goes through HTTP or Kafka: this is the history an aggregator holds after months of traffic."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import asyncpg

_FILL = """
INSERT INTO aggregator.{table}
SELECT $1::uuid, md5($2::text || ':' || n), gen_random_uuid(), $3::uuid,
       ($4::uuid[])[1 + n % cardinality($4::uuid[])], 'SUM', t, 1 + n % 7, NULL, '{{}}'::jsonb, true, t
  FROM generate_series(0, $5::bigint - 1) AS n,
       LATERAL (SELECT $6::timestamptz + n * ($7::interval / $5::float8) AS t) AS moment
"""
_ROLLUPS = """
INSERT INTO aggregator.usage_rollups (org_id, meter_id, customer_id, bucket, aggregation, sum, count,
                                      max, last_value, last_ts)
SELECT org_id, meter_id, customer_id, date_trunc('hour', ts, 'UTC'), 'SUM', sum(value), count(*),
       max(value), (array_agg(value ORDER BY ts DESC))[1], max(ts)
  FROM aggregator.{table} GROUP BY 1, 2, 3, 4
"""


async def load_history(database_url: str, org_id: UUID, meter_id: UUID, customers: list[UUID],
                       events: int, days: int, before: date) -> float:
    """`events` events spread evenly over the `days` days before `before`; returns seconds."""
    started = time.perf_counter()
    conn = await asyncpg.connect(database_url)
    try:
        per_day = events // days
        for n in range(days):
            day = before - timedelta(days=days - n)
            table = f"usage_events_p{day:%Y%m%d}"
            await conn.execute(f"CREATE TABLE aggregator.{table}"
                               " (LIKE aggregator.usage_events INCLUDING DEFAULTS)")
            await conn.execute(_FILL.format(table=table), org_id, f"history-{day}", meter_id,
                               customers, per_day, datetime.combine(day, datetime.min.time(), UTC),
                               timedelta(days=1))
            await conn.execute("SET search_path TO aggregator")
            await conn.execute("SELECT aggregator.ensure_usage_partition($1)", day)
            await conn.execute(_ROLLUPS.format(table=table))
            await conn.execute("RESET search_path")
        await conn.execute("ANALYZE aggregator.usage_events")
    finally:
        await conn.close()
    return time.perf_counter() - started
