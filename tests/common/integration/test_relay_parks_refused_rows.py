"""A row the broker will never take (too large) leaves the outbox for the dead letters; the
relay goes on with every row after it instead of failing on it for ever."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from fluxrate_common.app import migrate_schema
from fluxrate_common.db.outbox import INSERT_OUTBOX, OutboxRelay
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import new_id
from fluxrate_common.kafka.admin import ensure_topics
from fluxrate_common.kafka.producer import Producer
from tests.support.crashdemo import COUNTERS, SPEC
from tests.support.kafka import read_topic
from tests.support.processes import eventually
from tests.support.stack import ServerStack


async def test_a_row_the_broker_refuses_is_parked_and_the_rest_go_out(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    settings = environment.settings()
    await migrate_schema(settings, SPEC)
    await ensure_topics(settings, [COUNTERS])
    pool = await create_pool(settings.database_url, SPEC.name)
    topic = COUNTERS.name(environment.namespace)
    for payload in (b'{"n": 1}', b'{"blob": "' + b"x" * (2 * 1024 * 1024) + b'"}', b'{"n": 3}'):
        await pool.execute(INSERT_OUTBOX, new_id(), topic, b"k", payload)
    producer = Producer(settings, "relay-test")
    await producer.start()
    await producer.wait_started(10)
    relay = OutboxRelay(database_url=settings.database_url, schema=SPEC.name, producer=producer,
                        batch_size=10, poll_interval=0.05, retention=timedelta(hours=1),
                        republish_on_start=False)
    running = asyncio.create_task(relay.run())
    try:
        published = await read_topic(environment.kafka, topic, until=lambda evs: len(evs) == 2)
        assert [e["n"] for e in published] == [1, 3]

        async def parked() -> list:
            return await pool.fetch("SELECT consumer, partition, error FROM dead_letters")

        ((consumer, partition, error),) = await eventually(parked)
        assert (consumer, partition) == ("outbox-relay", -1) and "TooLarge" in error
        assert await pool.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        await producer.stop()
        await pool.close()
