"""Raw usage events live in daily partitions by their own timestamp: existing events move into
them, copies of an event still meet on the primary key, an event older than the retention
window is set aside (never counted blindly), and the retention job drops expired days whole
while the rollups keep every hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from uuid import uuid4

import asyncpg
import orjson

from fluxrate_aggregator.app import SPEC
from fluxrate_aggregator.domain.retention import today
from fluxrate_aggregator.partitions import RetentionKeeper
from fluxrate_aggregator.writer import UsageWriter
from fluxrate_common.db.migrate import apply_migrations, load_migrations
from fluxrate_common.db.pool import create_pool
from tests.support.stack import ServerStack

ORG, CUSTOMER, METER = str(uuid4()), str(uuid4()), str(uuid4())
RETENTION = 40
NOW = datetime.now(UTC)


def _event(key: str, timestamp: datetime) -> dict:
    return {"id": str(uuid4()), "customer_id": CUSTOMER, "meter_id": METER, "aggregation": "SUM",
            "idempotency_key": key, "timestamp": timestamp.isoformat(), "value": "2",
            "unique_value": None, "properties": {}, "received_at": NOW.isoformat()}


def _record(offset: int, events: list[dict]) -> SimpleNamespace:
    value = orjson.dumps({"id": str(uuid4()), "org_id": ORG, "data": {"events": events}})
    return SimpleNamespace(value=value, topic="usage", partition=0, offset=offset, key=None)


async def _partitions(pool: asyncpg.Pool) -> set[str]:
    return {r[0] for r in await pool.fetch(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
        " WHERE i.inhparent = 'usage_events'::regclass")}


async def _migrated_with_old_rows(database_url: str) -> None:
    """The schema as it was (one table under a unique key), holding a recent and an old event,
    then the partitioning migration."""
    migrations = load_migrations(SPEC.package)
    before = [m for m in migrations if "0003_event_partitions" not in m.name and "/000" in m.name
              and m.name.rsplit("/", 1)[1] < "0003"]
    conn = await asyncpg.connect(database_url)
    try:
        await apply_migrations(conn, SPEC.name, before)
        for key, moment in (("recent", NOW - timedelta(days=2)), ("old", NOW - timedelta(days=300))):
            await conn.execute(
                "INSERT INTO aggregator.usage_events VALUES ($1, $2, $3, $4, $5, 'SUM', $6, 2,"
                " NULL, '{}', true, $7)", uuid4().__class__(ORG), key, uuid4(),
                uuid4().__class__(METER), uuid4().__class__(CUSTOMER), moment, NOW)
        assert await apply_migrations(conn, SPEC.name, migrations)
    finally:
        await conn.close()


async def test_partitions_keep_deduplication_and_drop_expired_days(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    await _migrated_with_old_rows(environment.database_url)
    pool = await create_pool(environment.database_url, SPEC.name)
    try:
        assert await pool.fetchval("SELECT count(*) FROM usage_events") == 2
        recent_day = (NOW - timedelta(days=2)).strftime("%Y%m%d")
        assert {"usage_events_before", f"usage_events_p{recent_day}"} <= await _partitions(pool)
        assert await pool.fetchval("SELECT count(*) FROM usage_events_before") == 1

        writer = UsageWriter(pool, SPEC.name, "receipts", retention_days=RETENTION)
        fresh = [_event("a", NOW - timedelta(days=3)), _event("b", NOW),
                 _event("too-old", NOW - timedelta(days=RETENTION + 1))]
        await writer([_record(1, fresh)])
        await writer([_record(2, fresh[:2]), _record(3, [_event("recent", NOW - timedelta(days=2))])])
        stored = dict(await pool.fetch("SELECT idempotency_key, count(*) FROM usage_events GROUP BY 1"))
        assert stored == {"a": 1, "b": 1, "recent": 1, "old": 1}
        assert await pool.fetchval("SELECT sum(count) FROM usage_rollups") == 2
        parked = await pool.fetch("SELECT error, value FROM dead_letters")
        assert len(parked) == 1 and parked[0]["error"].startswith("outside_dedup_window")
        assert orjson.loads(parked[0]["value"])["data"]["events"][0]["idempotency_key"] == "too-old"
        assert await pool.fetchval("SELECT count(*) FROM outbox") == 2  # every message confirmed

        later = NOW + timedelta(days=RETENTION)
        keeper = RetentionKeeper(pool, retention_days=RETENTION, ahead_days=2, clock=lambda: later)
        dropped = await keeper.round()
        assert "usage_events_before" in dropped and f"usage_events_p{recent_day}" in dropped
        remaining = await _partitions(pool)
        assert not remaining & set(dropped)
        for ahead in range(3):
            assert f"usage_events_p{(today(later) + timedelta(days=ahead)):%Y%m%d}" in remaining
        assert dict(await pool.fetch("SELECT idempotency_key, count(*) FROM usage_events"
                                     " GROUP BY 1")) == {"b": 1}
        assert await pool.fetchval("SELECT sum(count) FROM usage_rollups") == 2  # kept for good
        assert await keeper.round() == []
    finally:
        await pool.close()
