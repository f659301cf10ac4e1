"""SQL behind the usage API: period totals (per meter, optionally per window) and the log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from fluxrate_aggregator.domain.periods import plan_range
from fluxrate_common.aggregations import usage_value

# The period summary every aggregation bills from (fluxrate_common.aggregations): each figure
# as an hourly rollup stores it, as one raw event gives it, and how partial figures combine.
_ROLLUP_FIGURES = "sum, count, max, last_value, last_ts"
_EVENT_FIGURES = ("coalesce({c}value, 0), 1, {c}value, {c}value,"
                  " CASE WHEN {c}value IS NULL THEN NULL ELSE {c}ts END")
_COMBINED = ("min(aggregation) AS aggregation, sum(sum) AS total, sum(count)::bigint AS count,"
             " max(max) AS maximum,"
             " (array_agg(last_value ORDER BY last_ts DESC NULLS LAST))[1] AS last")


@dataclass(frozen=True)
class _Shape:
    """Where the rows of one question come from, and what its answer is grouped by."""

    head: str  # common table expressions ahead of the rows ("" or "q AS (...),")
    keys: str  # the answer's key columns, as the rows carry them
    group: str  # what the answer selects and groups by
    col: str  # how the stored tables' columns are named ("" or "x.")
    hours: str  # FROM clause of the rollup rows ({table}: usage_rollups or usage_uniques)
    edges: str  # FROM clause of the raw events at the period's edges


def _summary_queries(shape: _Shape) -> tuple[str, str]:
    """(totals, distinct values) of one shape of usage question."""
    c = shape.col
    figures = ", ".join(c + figure for figure in _ROLLUP_FIGURES.split(", "))
    totals = f"""
WITH {shape.head} src AS (
    SELECT {shape.keys}, {c}aggregation, {c}bucket AS t, {figures}
      FROM {shape.hours.format(table="usage_rollups")}
    UNION ALL
    SELECT {shape.keys}, {c}aggregation, {c}ts, {_EVENT_FIGURES.format(c=c)}
      FROM {shape.edges}
)
SELECT {shape.group}, {_COMBINED} FROM src GROUP BY 1, 2
"""
    distinct = f"""
WITH {shape.head} src AS (
    SELECT {shape.keys}, {c}bucket AS t, {c}value
      FROM {shape.hours.format(table="usage_uniques")}
    UNION ALL
    SELECT {shape.keys}, {c}ts, {c}unique_value
      FROM {shape.edges} AND {c}unique_value IS NOT NULL
)
SELECT {shape.group}, count(DISTINCT value) AS distinct_values FROM src GROUP BY 1, 2
"""
    return totals, distinct


# One question: $1 org, $2 customer (NULL: every customer of the org), $3 meter (NULL: all),
# [$4, $5) whole hours, [$6, $7) and [$8, $9) the edges, $10 the window (NULL: none).
_SCOPE = "org_id = $1 AND customer_id = $2 AND ($3::uuid IS NULL OR meter_id = $3)"
_ORG_SCOPE = "org_id = $1 AND $2::uuid IS NULL AND ($3::uuid IS NULL OR meter_id = $3)"
_RAW = "counted AND ((ts >= $6 AND ts < $7) OR (ts >= $8 AND ts < $9))"
_WINDOW = "CASE WHEN $10::text IS NULL THEN NULL ELSE date_trunc($10::text, t, 'UTC') END"


def _one_question(scope: str) -> _Shape:
    return _Shape("", "meter_id", f"meter_id, {_WINDOW} AS window_start", "",
                  f"{{table}} WHERE {scope} AND bucket >= $4 AND bucket < $5",
                  f"usage_events WHERE {scope} AND {_RAW}")


# Many (customer, period) questions in one round trip: invoicing asks for a whole batch.
_QUESTIONS = """q AS (SELECT * FROM unnest($2::int[], $3::uuid[], $4::timestamptz[],
    $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[],
    $9::timestamptz[]) AS q(i, c, b0, b1, a0, a1, z0, z1)),"""
_MANY_SCOPE = "ON x.org_id = $1 AND x.customer_id = q.c"
_MANY_RAW = "x.counted AND ((x.ts >= q.a0 AND x.ts < q.a1) OR (x.ts >= q.z0 AND x.ts < q.z1))"
_MANY = _Shape(_QUESTIONS, "q.i, x.meter_id", "i, meter_id", "x.",
               f"q JOIN {{table}} x {_MANY_SCOPE} AND x.bucket >= q.b0 AND x.bucket < q.b1",
               f"q JOIN usage_events x {_MANY_SCOPE} AND {_MANY_RAW}")

# (totals, distinct values) for one customer, for the whole organisation, and for many.
_SQL = {scope: _summary_queries(_one_question(scope)) for scope in (_SCOPE, _ORG_SCOPE)}
_MANY_TOTALS, _MANY_DISTINCT = _summary_queries(_MANY)


@asynccontextmanager
async def snapshot(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """One consistent view for an answer read in several statements: events arrive all the
    time, and totals, distinct values and windows must all describe the same moment."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        yield conn


@dataclass(frozen=True)
class UsageRow:
    meter_id: UUID
    aggregation: str
    window_start: datetime | None
    value: Decimal
    events: int


async def usage(conn: asyncpg.Connection, org_id: UUID, customer_id: UUID | None,
                meter_id: UUID | None, start: datetime, end: datetime,
                window: str | None) -> list[UsageRow]:
    """One customer's usage, or with `customer_id` None the organisation's (every customer)."""
    plan = plan_range(start, end)
    (r1, r2) = plan.raw
    args = (org_id, customer_id, meter_id, *plan.buckets, *r1, *r2, window)
    totals_sql, distinct_sql = _SQL[_ORG_SCOPE if customer_id is None else _SCOPE]
    totals = await conn.fetch(totals_sql, *args)
    distinct = {(r["meter_id"], r["window_start"]): r["distinct_values"]
                for r in await conn.fetch(distinct_sql, *args)}
    return [UsageRow(r["meter_id"], r["aggregation"], r["window_start"],
                     usage_value(r["aggregation"], r["total"], r["count"], r["maximum"], r["last"],
                                 distinct.get((r["meter_id"], r["window_start"]))),
                     r["count"])
            for r in totals]


async def events_page(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID | None,
                      meter_id: UUID | None, span: tuple[datetime | None, datetime | None],
                      limit: int, before: UUID | None) -> list[asyncpg.Record]:
    """The latest events first; `span` bounds the events' own timestamps, [from, to)."""
    return await pool.fetch(
        "SELECT e.id, e.meter_id, e.customer_id, c.external_id AS customer_external_id,"
        " e.idempotency_key, e.ts AS timestamp, e.value, e.unique_value, e.properties, e.counted,"
        " e.received_at FROM usage_events e"
        " LEFT JOIN customers c ON c.id = e.customer_id AND c.org_id = e.org_id WHERE e.org_id = $1"
        " AND ($2::uuid IS NULL OR e.customer_id = $2) AND ($3::uuid IS NULL OR e.meter_id = $3)"
        " AND ($4::timestamptz IS NULL OR e.ts >= $4) AND ($5::timestamptz IS NULL OR e.ts < $5)"
        " AND ($6::uuid IS NULL OR e.id < $6) ORDER BY e.id DESC LIMIT $7",
        org_id, customer_id, meter_id, span[0], span[1], before, limit + 1)


async def usage_many(conn: asyncpg.Connection, org_id: UUID,
                     questions: list[tuple[UUID, datetime, datetime]]) -> list[list[UsageRow]]:
    """For each (customer, start, end): its usage per meter, exactly as `usage` answers it."""
    columns: list[list] = [[] for _ in range(8)]
    for i, (customer_id, start, end) in enumerate(questions):
        plan = plan_range(start, end)
        (r1, r2) = plan.raw
        for column, value in zip(columns, (i, customer_id, *plan.buckets, *r1, *r2), strict=True):
            column.append(value)
    distinct = {(r["i"], r["meter_id"]): r["distinct_values"]
                for r in await conn.fetch(_MANY_DISTINCT, org_id, *columns)}
    answers: list[list[UsageRow]] = [[] for _ in questions]
    for r in await conn.fetch(_MANY_TOTALS, org_id, *columns):
        value = usage_value(r["aggregation"], r["total"], r["count"], r["maximum"], r["last"],
                            distinct.get((r["i"], r["meter_id"])))
        answers[r["i"]].append(UsageRow(r["meter_id"], r["aggregation"], None, value, r["count"]))
    return answers
