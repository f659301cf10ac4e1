"""Proof: 10,000 events, each sent 3 times concurrently, while the aggregator (a real process)
is SIGKILLed and restarted 5 times while it stores them — every total is exact and every event
stored once."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from decimal import Decimal

import aiohttp
import asyncpg
import pytest

from tests.support.api import Api, signup
from tests.support.processes import eventually, wait_until_ready
from tests.support.services import Services, start_services
from tests.support.stack import ServerStack

EVENTS = 10_000
COPIES = 3
CUSTOMERS = 40
BATCH = 100
KILLS = 5


def _events(rng: random.Random) -> tuple[list[dict], dict[str, Decimal]]:
    events, totals = [], Counter()
    for i in range(EVENTS):
        customer = f"cust-{i % CUSTOMERS}"
        quantity = Decimal(rng.randint(1, 999)) / 10
        totals[customer] += quantity
        events.append({"meter_name": "calls", "customer_external_id": customer,
                       "quantity": str(quantity), "idempotency_key": f"evt-{i}",
                       "timestamp": f"2026-11-{1 + i % 18:02d}T{i % 24:02d}:00:00Z"})
    return events, dict(totals)


async def _send_three_times(url: str, key: str, events: list[dict], rng: random.Random) -> Counter:
    copies = []
    for _ in range(COPIES):
        shuffled = events[:]
        rng.shuffle(shuffled)
        copies += [shuffled[i:i + BATCH] for i in range(0, len(shuffled), BATCH)]
    rng.shuffle(copies)
    outcomes: Counter = Counter()
    async with aiohttp.ClientSession(headers={"X-API-Key": key}) as http:
        async def post(batch: list[dict]) -> None:
            async with http.post(f"{url}/api/v1/usage/batch", json={"events": batch}) as reply:
                body = await reply.json()
                assert reply.status == 200, body
                outcomes.update(r["status"] for r in body["results"])

        for i in range(0, len(copies), 6):
            await asyncio.gather(*(post(b) for b in copies[i:i + 6]))
            await asyncio.sleep(0.05)  # keep events flowing across the whole kill window
    return outcomes


async def _stored(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT count(*) FROM aggregator.usage_events")


async def _kill_aggregator(services: Services, conn: asyncpg.Connection) -> list[int]:
    """Kill the aggregator each time the events stored reach the next sixth of all events, so
    every kill lands with events still to store however fast the machine, and start it again
    without waiting (its readiness waits for it to catch up: the work the next kill needs);
    returns how many were still to store at each kill."""
    aggregator, pending_at_kill = services["aggregator"], []
    for n in range(1, KILLS + 1):
        async def reached(milestone: int = EVENTS * n // (KILLS + 1)) -> bool:
            return await _stored(conn) >= milestone

        await eventually(reached, timeout=120, interval=0.02)
        aggregator.process.kill()
        pending_at_kill.append(EVENTS - await _stored(conn))
        aggregator.process.start()
    await wait_until_ready(f"{aggregator.url}/readyz", aggregator.process)
    return pending_at_kill


@pytest.mark.slow
async def test_totals_are_exact_while_the_aggregator_is_killed(stack: ServerStack, tmp_path) -> None:
    # Small consume batches: the events stored climb in steps far smaller than the sixth of
    # all events between kills, so however fast a restarted aggregator drains its backlog,
    # each milestone is seen (and the kill lands) with events still to store.
    environment = await stack.new_environment(FLUXRATE_INGEST_BACKFILL_DAYS="400",
                                              FLUXRATE_AGGREGATOR_BATCH_RECORDS="4")
    services = await start_services(environment, ["identity", "catalog", "subscriptions", "ingest",
                                                  "aggregator"], tmp_path)
    try:
        org = await signup(services.url_for)
        await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
        for n in range(CUSTOMERS):
            await org.session.post("/api/v1/customers", {"external_id": f"cust-{n}"})
        key = await org.api_key("read", "write")
        rng = random.Random(5)
        events, expected = _events(rng)
        conn = await asyncpg.connect(environment.database_url)
        try:
            outcomes, pending_at_kill = await asyncio.gather(
                _send_three_times(services["ingest"].url, key, events, rng),
                _kill_aggregator(services, conn))
        finally:
            await conn.close()
        assert outcomes == {"accepted": EVENTS, "duplicate": EVENTS * (COPIES - 1)}
        assert all(pending > 0 for pending in pending_at_kill), pending_at_kill

        reader = Api(services.url_for, api_key=key)

        async def all_exact() -> bool:
            for customer, total in expected.items():
                reply = await reader.get("/api/v1/usage", params={
                    "customer_external_id": customer, "from": "2026-11-01T00:00:00Z",
                    "to": "2026-12-01T00:00:00Z"})
                data = reply.body.get("data") if reply.status == 200 else None
                if not data or Decimal(data[0]["value"]) != total:
                    return False
            return True

        await eventually(all_exact, timeout=120, interval=0.5)
        conn = await asyncpg.connect(environment.database_url)
        try:
            assert await conn.fetchval("SELECT count(*) FROM aggregator.usage_events") == EVENTS
            assert await conn.fetchval("SELECT sum(count) FROM aggregator.usage_rollups") == EVENTS
            assert await conn.fetchval("SELECT count(*) FROM aggregator.dead_letters") == 0
        finally:
            await conn.close()
    finally:
        services.stop()
