"""Proof: outbox -> relay -> Kafka -> consumer -> inbox, with the relay and the consumer
SIGKILLed at random points of their work and restarted; every event is applied exactly once,
in order."""

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
from tests.support.crashdemo import COUNTER_INCREMENTED, COUNTERS, SPEC
from tests.support.kafka import group_caught_up
from tests.support.processes import Process, eventually
from tests.support.stack import ServerStack

ORG = UUID("00000000-0000-7000-8000-000000000001")
COUNTER_COUNT = 25
MIN_EVENTS = 3000
KILLS_EACH = 4
PROGRESS = 50  # events each incarnation handles before it is killed


async def _produce_until(pool: asyncpg.Pool, topic: str, counters: list[UUID],
                         kills_done: asyncio.Event) -> int:
    """Produce events until every kill has happened (and at least MIN_EVENTS); returns how many."""
    rng, produced = random.Random(7), 0
    while produced < MIN_EVENTS or not kills_done.is_set():
        counter = rng.choice(counters)
        async with pool.acquire() as conn, conn.transaction():
            version = await conn.fetchval(
                "UPDATE counters SET version = version + 1 WHERE id = $1 RETURNING version", counter)
            event = COUNTER_INCREMENTED.make(ORG, datetime.now(UTC),
                               {"aggregate_id": str(counter), "version": version})
            await append_events(conn, aggregate_type="counter", aggregate_id=counter,
                                expected_version=version - 1, events=[event], topic=topic)
        produced += 1
        if produced % 20 == 0:
            await asyncio.sleep(0.02)  # a steady stream, not a burst the kills arrive after
    return produced


async def _progress(pool: asyncpg.Pool, process: Process) -> int:
    if process.name == "consumer":  # events this very incarnation applied
        return await pool.fetchval("SELECT count(*) FROM applied_log WHERE pid = $1",
                                   process.popen.pid)
    return await pool.fetchval("SELECT count(*) FROM outbox WHERE published_at IS NOT NULL")


async def _kill_after_progress(pool: asyncpg.Pool, processes: list[Process],
                               kills_done: asyncio.Event) -> None:
    """Kill each process once it has done real work since its last start, at a random moment
    of its next batch, and start it again; the schedule follows the work, not the clock."""
    rng = random.Random(11)
    schedule = [p for p in processes for _ in range(KILLS_EACH)]
    rng.shuffle(schedule)
    for process in schedule:
        if process.name == "relay":
            baseline = await _progress(pool, process)
        else:
            baseline = 0

        async def progressed(process: Process = process, baseline: int = baseline) -> bool:
            return await _progress(pool, process) >= baseline + PROGRESS

        await eventually(progressed, timeout=120, interval=0.02)
        await asyncio.sleep(rng.uniform(0.0, 0.05))
        process.kill()
        process.start()
    kills_done.set()


@pytest.mark.slow
async def test_every_event_applied_exactly_once_while_relay_and_consumer_are_killed(
    stack: ServerStack, tmp_path
) -> None:
    environment = await stack.new_environment()
    settings = environment.settings()
    await migrate_schema(settings, SPEC)
    pool = await create_pool(settings.database_url, SPEC.name)
    counters = [uuid4() for _ in range(COUNTER_COUNT)]
    await pool.executemany("INSERT INTO counters (id) VALUES ($1)", [(c,) for c in counters])

    args = ["-m", "tests.support.crashdemo"]
    relay = Process("relay", [*args, "relay"], environment.env, tmp_path).start()
    consumer = Process("consumer", [*args, "consumer"], environment.env, tmp_path).start()
    try:
        kills_done = asyncio.Event()
        events, _ = await asyncio.gather(
            _produce_until(pool, COUNTERS.name(environment.namespace), counters, kills_done),
            _kill_after_progress(pool, [relay, consumer], kills_done),
        )
        assert relay.kills == consumer.kills == KILLS_EACH

        async def all_applied() -> bool:
            return await pool.fetchval("SELECT count(DISTINCT event_id) FROM applied_log") == events

        await eventually(all_applied, timeout=120)

        async def nothing_in_flight() -> bool:  # a duplicate, if any, would be applied by now
            return await group_caught_up(environment.kafka, f"{environment.namespace}.crashdemo.tally",
                                         COUNTERS.name(environment.namespace))

        await eventually(nothing_in_flight)

        assert await pool.fetchval("SELECT count(*) FROM applied_log") == events
        assert await pool.fetchval("SELECT count(*) FROM order_violations") == 0
        assert await pool.fetchval("SELECT count(*) FROM dead_letters") == 0
        produced = dict(await pool.fetch("SELECT id, version FROM counters"))
        tallies = {r["aggregate_id"]: (r["last_version"], r["applied"])
                   for r in await pool.fetch("SELECT * FROM tallies")}
        assert tallies == {c: (v, v) for c, v in produced.items() if v}
        # Every consumer incarnation did real work: the kills landed while events flowed.
        assert await pool.fetchval("SELECT count(DISTINCT pid) FROM applied_log") == KILLS_EACH + 1
    finally:
        relay.stop()
        consumer.stop()
        await pool.close()
