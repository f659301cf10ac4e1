"""The edge's breaker opens for the broker only: a message the broker refuses for its size is
one org's data, so that request fails alone and every other org's events go through, at once
and afterwards (real PostgreSQL, real broker)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

from fluxrate_common.app import migrate_schema
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import USAGE, fast_id
from fluxrate_common.kafka.admin import ensure_topics
from fluxrate_common.kafka.producer import Producer
from fluxrate_ingest.app import SPEC
from fluxrate_ingest.batcher import MESSAGE_BYTES, EdgeBatcher, MessageRefused, UsageEncoder
from fluxrate_ingest.domain.usage import MeterView, UsageRecord
from fluxrate_ingest.settings import Settings
from tests.support.stack import ServerStack

GOOD_ORG, BAD_ORG = UUID(int=1), UUID(int=2)


def _record(org_id: UUID, properties: dict) -> UsageRecord:
    meter = MeterView(uuid4(), org_id, "calls", uuid4(), "SUM", "quantity", (), True)
    now = datetime.now(UTC)
    return UsageRecord(fast_id(), org_id, uuid4(), meter, f"k-{uuid4()}", now, Decimal(1), None,
                       properties, now, uuid4().bytes)


def test_many_large_events_of_one_org_are_split_into_messages_that_fit() -> None:
    records = [_record(GOOD_ORG, {"note": "x" * 20_000}) for _ in range(200)]
    messages = UsageEncoder().encode(records, partitions=1)
    assert len(messages) > 1 and all(len(m.value) <= MESSAGE_BYTES for m in messages)
    assert sum(m.value.count(b'"idempotency_key"') for m in messages) == 200


async def test_an_oversized_event_fails_alone_and_the_breaker_stays_closed(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    settings = Settings(**{k.removeprefix("FLUXRATE_").lower(): v
                           for k, v in environment.env.items()})
    await migrate_schema(settings, SPEC)
    await ensure_topics(settings, [USAGE])
    pool = await create_pool(settings.database_url, SPEC.name)
    producer = Producer(settings, "test")
    await producer.start()
    await producer.wait_started(10)
    # A breaker opened by mistake would refuse everyone for a minute: the test would see it.
    batcher = EdgeBatcher(pool, producer, USAGE.name(environment.namespace), breaker_seconds=60)
    flushing = asyncio.create_task(batcher.run())
    try:
        oversized = _record(BAD_ORG, {"blob": "x" * 1_200_000})  # over Kafka's 1 MiB
        good = [_record(GOOD_ORG, {}) for _ in range(30)]
        submitted = [batcher.submit([r]) for r in good[:15]] + [batcher.submit([oversized])]
        submitted += [batcher.submit([r]) for r in good[15:]]
        results = await asyncio.gather(*submitted, return_exceptions=True)
        assert isinstance(results[15], MessageRefused)
        assert [r for i, r in enumerate(results) if i != 15] == [["accepted"]] * 30
        # Right after, with the bad org still sending, the good org is not refused.
        again = await asyncio.gather(batcher.submit([_record(GOOD_ORG, {})]),
                                     batcher.submit([oversized]), return_exceptions=True)
        assert again[0] == ["accepted"] and isinstance(again[1], MessageRefused)
        claimed = await pool.fetchval("SELECT count(*) FROM edge_keys WHERE org_id = $1", BAD_ORG)
        assert claimed == 0  # the refused event's key was not taken: a smaller retry can pass
    finally:
        flushing.cancel()
        await producer.stop()
        await pool.close()
