"""Messages kept until the aggregator's receipt are stored as they were published: byte for byte,
and uncompressed (each is written once and deleted within seconds, so compressing it was pure
cost on the hot path)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

from fluxrate_common.events import fast_id
from fluxrate_ingest import unconfirmed
from fluxrate_ingest.app import SPEC
from fluxrate_ingest.batcher import UsageEncoder
from fluxrate_ingest.domain.usage import MeterView, UsageRecord
from tests.support.stack import ServerStack


def _records(count: int) -> list[UsageRecord]:
    org_id, now = uuid4(), datetime.now(UTC)
    meter = MeterView(uuid4(), org_id, "calls", uuid4(), "SUM", "quantity", (), True)
    return [UsageRecord(fast_id(), org_id, uuid4(), meter, f"key-{n}", now, Decimal(1), None,
                        {"region": "eu-west-1"}, now, uuid4().bytes) for n in range(count)]


async def test_kept_messages_are_stored_as_published_and_uncompressed(stack: ServerStack) -> None:
    pool = await (await stack.new_environment()).migrated_pool(SPEC)
    try:
        messages = UsageEncoder().encode(_records(400), partitions=2)
        async with pool.acquire() as conn:
            await unconfirmed.keep(conn, messages)
        rows = await pool.fetch("SELECT message_id, payload, pg_column_compression(payload) AS method"
                                " FROM unconfirmed_usage")
        assert {(str(r["message_id"]), r["payload"]) for r in rows} == \
            {(str(m.id), m.value) for m in messages}
        assert all(len(r["payload"]) > 8192 for r in rows)  # far past the size PostgreSQL compresses
        assert [r["method"] for r in rows] == [None, None]
    finally:
        await pool.close()
