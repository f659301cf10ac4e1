"""A record that cannot be applied is dead-lettered with its error; the stream moves on and
nothing around it is lost or applied twice."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from uuid import UUID

import asyncpg

from fluxrate_common.app import migrate_schema
from fluxrate_common.db.applier import InboxApplier
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import Envelope
from fluxrate_common.kafka.admin import ensure_topics
from fluxrate_common.kafka.consumer import ConsumerRunner
from fluxrate_common.kafka.producer import Producer
from tests.support.crashdemo import COUNTER_INCREMENTED, COUNTERS, SPEC
from tests.support.processes import eventually
from tests.support.stack import ServerStack

ORG = UUID("00000000-0000-7000-8000-000000000002")


async def test_poison_records_are_dead_lettered_and_the_rest_applied(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    settings = environment.settings()
    await migrate_schema(settings, SPEC)
    await ensure_topics(settings, [COUNTERS])
    pool = await create_pool(settings.database_url, SPEC.name)

    async def apply(conn: asyncpg.Connection, event: Envelope) -> None:
        if event.data.get("poison"):
            raise ValueError("this event can never be applied")
        await conn.execute("INSERT INTO applied_log VALUES ($1, $1, 1, 0)", event.id)

    topic = COUNTERS.name(environment.namespace)
    events = [COUNTER_INCREMENTED.make(ORG, datetime.now(UTC), data)
              for data in ({"n": "first"}, {"poison": True}, {"n": "second"})]
    producer = Producer(settings, "test")
    await producer.start()
    await producer.wait_started(10)
    messages = [(topic, b"k", e.to_bytes()) for e in events]
    await producer.send_all([messages[0], (topic, b"k", b"{not json"), *messages[1:], messages[0]])

    applier = InboxApplier(pool, service="test", consumer="poison-test", apply=apply)
    runner = ConsumerRunner(settings, service="test", name="poison", topics=[topic],
                            handle_batch=applier)
    task = asyncio.create_task(runner.run())
    try:
        await eventually(lambda: _count(pool, "dead_letters", 2), timeout=30)
        await eventually(lambda: _count(pool, "applied_log", 2), timeout=30)
        applied = {r[0] for r in await pool.fetch("SELECT event_id FROM applied_log")}
        assert applied == {events[0].id, events[2].id}  # the repeated first one only once
        errors = [r["error"] for r in await pool.fetch("SELECT error FROM dead_letters")]
        assert any("undecodable" in e for e in errors)
        assert any("can never be applied" in e for e in errors)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await producer.stop()
        await pool.close()


async def _count(pool: asyncpg.Pool, table: str, expected: int) -> bool:
    return await pool.fetchval(f"SELECT count(*) FROM {table}") == expected
