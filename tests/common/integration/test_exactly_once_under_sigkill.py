"""Proof: outbox -> relay -> Kafka -> consumer -> inbox, with the relay and the consumer
SIGKILLed at random points and restarted; every event is applied exactly once, in order."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from uuid import UUID, uuid4

import asyncpg
import pytest

from fluxrate_common.app import migrate_schema
from fluxrate_common.db.eventstore import append_events
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import make_event
from fluxrate_common.settings import ServiceSettings
from tests.support.crashdemo import COUNTERS, SPEC
from tests.support.processes import Process, eventually
from tests.support.stack import ServerStack

ORG = UUID("00000000-0000-7000-8000-000000000001")
COUNTER_COUNT = 25
EVENTS = 3000
KILLS_EACH = 4


async def _produce(pool: asyncpg.Pool, topic: str, counters: list[UUID], total: int) -> None:
    rng = random.Random(7)
    for i in range(total):
        counter = rng.choice(counters)
        async with pool.acquire() as conn, conn.transaction():
            version = await conn.fetchval(
                "UPDATE counters SET version = version + 1 WHERE id = $1 RETURNING version", counter)
            event = make_event("counter.incremented", ORG, datetime.now(UTC),
                               {"aggregate_id": str(counter), "version": version})
            await append_events(conn, aggregate_type="counter", aggregate_id=counter,
                                expected_version=version - 1, events=[event], topic=topic)
        if i % 100 == 99:
            await asyncio.sleep(0.5)  # spread production over the whole kill window


async def _kill_and_restart(processes: list[Process], kills_each: int) -> None:
    rng = random.Random(11)
    schedule = [p for p in processes for _ in range(kills_each)]
    rng.shuffle(schedule)
    for process in schedule:
        # Long enough for a restarted consumer to rejoin its group and apply a few batches.
        await asyncio.sleep(rng.uniform(1.0, 3.0))
        process.kill()
        await asyncio.sleep(rng.uniform(0.0, 0.3))
        process.start()


@pytest.mark.slow
async def test_every_event_applied_exactly_once_while_relay_and_consumer_are_killed(
    stack: ServerStack, tmp_path
) -> None:
    environment = await stack.new_environment()
    settings = ServiceSettings(**{k.removeprefix("FLUXRATE_").lower(): v
                                  for k, v in environment.env.items()})
    await migrate_schema(settings, SPEC)
    pool = await create_pool(settings.database_url, SPEC.name)
    counters = [uuid4() for _ in range(COUNTER_COUNT)]
    await pool.executemany("INSERT INTO counters (id) VALUES ($1)", [(c,) for c in counters])

    args = ["-m", "tests.support.crashdemo"]
    relay = Process("relay", [*args, "relay"], environment.env, tmp_path).start()
    consumer = Process("consumer", [*args, "consumer"], environment.env, tmp_path).start()
    try:
        await asyncio.gather(
            _produce(pool, COUNTERS.name(environment.namespace), counters, EVENTS),
            _kill_and_restart([relay, consumer], KILLS_EACH),
        )
        assert relay.kills >= 4 and consumer.kills >= 4

        async def all_applied() -> bool:
            return await pool.fetchval("SELECT count(DISTINCT event_id) FROM applied_log") == EVENTS

        await eventually(all_applied, timeout=120)
        await asyncio.sleep(1.0)  # anything still in flight would show up as a duplicate now

        assert await pool.fetchval("SELECT count(*) FROM applied_log") == EVENTS
        assert await pool.fetchval("SELECT count(*) FROM order_violations") == 0
        assert await pool.fetchval("SELECT count(*) FROM dead_letters") == 0
        produced = dict(await pool.fetch("SELECT id, version FROM counters"))
        tallies = {r["aggregate_id"]: (r["last_version"], r["applied"])
                   for r in await pool.fetch("SELECT * FROM tallies")}
        assert tallies == {c: (v, v) for c, v in produced.items() if v}
        # Several consumer incarnations did real work: the kills landed while events flowed.
        assert await pool.fetchval("SELECT count(DISTINCT pid) FROM applied_log") >= 3
    finally:
        relay.stop()
        consumer.stop()
        await pool.close()
