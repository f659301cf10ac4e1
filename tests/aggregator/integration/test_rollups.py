"""The rollups the usage writer folds in PostgreSQL: each figure a rollup keeps (sum, count, max,
last value, distinct values), by the hour of the event's own time, filtered events left out,
copies and replays counted once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID

import asyncpg
import orjson
import pytest
from uuid_utils import uuid7

from fluxrate_aggregator.app import SPEC
from fluxrate_aggregator.writer import UsageWriter
from tests.support.stack import ServerStack

ORG, CUSTOMER, METER = (str(uuid7()) for _ in range(3))
TEN, ELEVEN = datetime(2026, 1, 1, 10, tzinfo=UTC), datetime(2026, 1, 1, 11, tzinfo=UTC)
AT_10_59, AT_11_30 = datetime(2026, 1, 1, 10, 59, tzinfo=UTC), datetime(2026, 1, 1, 11, 30, tzinfo=UTC)
NOT_HERE = [{"property": "region", "operator": "eq", "value": "eu"}]


def _event(key: str, timestamp: str, value: str | None, **extra: object) -> dict:
    return {"id": str(uuid7()), "customer_id": CUSTOMER, "meter_id": METER, "aggregation": "LAST",
            "idempotency_key": key, "timestamp": timestamp, "value": value,
            "received_at": "2026-01-01T12:00:00+00:00", **extra}


def _record(offset: int, *events: dict) -> SimpleNamespace:
    value = orjson.dumps({"id": str(uuid7()), "org_id": ORG, "data": {"events": list(events)}})
    return SimpleNamespace(value=value, topic="usage", partition=0, offset=offset, key=None)


@pytest.fixture
async def writer_and_db(stack: ServerStack) -> AsyncIterator[tuple[UsageWriter, asyncpg.Pool]]:
    pool = await (await stack.new_environment()).migrated_pool(SPEC)
    yield UsageWriter(pool, SPEC.name, "receipts", retention_days=3650), pool
    await pool.close()


async def _rollups(pool: asyncpg.Pool) -> dict[datetime, tuple]:
    rows = await pool.fetch("SELECT bucket, sum, count, max, last_value, last_ts FROM usage_rollups"
                            " WHERE org_id = $1", UUID(ORG))
    return {row["bucket"]: tuple(row)[1:] for row in rows}


async def test_each_figure_by_the_hour_of_the_event(writer_and_db) -> None:
    writer, pool = writer_and_db
    first = [
        _event("a", "2026-01-01T10:59:00+00:00", "7"),
        _event("b", "2026-01-01T10:05:00+00:00", "3.000000000001"),  # earlier: not the last
        _event("c", "2026-01-01T12:30:00+01:00", "2"),  # 11:30 UTC
        _event("d", "2026-01-01T11:10:00+00:00", "100", filters=NOT_HERE,
               properties={"region": "us"}),  # filtered out: counts nowhere
        _event("e", "2026-01-01T11:45:00+00:00", None, unique_value="x"),  # a count, no value
        _event("a", "2026-01-01T10:59:00+00:00", "7"),  # a copy in the same batch
    ]
    await writer([_record(0, *first)])
    assert await _rollups(pool) == {
        TEN: (Decimal("10.000000000001"), 2, Decimal(7), Decimal(7), AT_10_59),
        ELEVEN: (Decimal(2), 2, Decimal(2), Decimal(2), AT_11_30),
    }
    # A later batch: a replay of the first changes nothing; a tie on the last time takes the
    # newer event; an older event adds to the sum but is not the last value.
    await writer([_record(0, *first)])
    await writer([_record(1, _event("f", "2026-01-01T11:30:00+00:00", "5"),
                          _event("g", "2026-01-01T11:01:00+00:00", "9"),
                          _event("h", "2026-01-01T11:50:00+00:00", None, unique_value="x"),
                          _event("i", "2026-01-01T11:51:00+00:00", None, unique_value="y"))])
    rollups = await _rollups(pool)
    assert rollups[TEN] == (Decimal("10.000000000001"), 2, Decimal(7), Decimal(7), AT_10_59)
    assert rollups[ELEVEN] == (Decimal(16), 6, Decimal(9), Decimal(5), AT_11_30)
    uniques = await pool.fetch("SELECT bucket, value FROM usage_uniques WHERE org_id = $1 ORDER BY 2",
                               UUID(ORG))
    assert [(row["bucket"], row["value"]) for row in uniques] == [(ELEVEN, "x"), (ELEVEN, "y")]
    assert await pool.fetchval("SELECT count(*) FROM usage_events WHERE org_id = $1", UUID(ORG)) == 9
