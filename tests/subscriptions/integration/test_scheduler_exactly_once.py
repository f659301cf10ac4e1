"""Proof: two scheduler replicas at once, each SIGKILLed and restarted mid-run, while backdated
subscriptions catch up — every period ends exactly once, in order, none skipped."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest

from tests.support.api import signup
from tests.support.kafka import read_topic
from tests.support.processes import eventually
from tests.support.services import Services, start_services
from tests.support.stack import ServerStack

SUBSCRIPTIONS = 60
DAYS_BACK = 120
REPLICAS = ["subscriptions", "subscriptions#2"]


async def _kill_replicas(services: Services, conn: asyncpg.Connection,
                         rng: random.Random) -> list[int]:
    """Kill replicas in turn; returns how many subscriptions were still due at each kill."""
    due_at_kill = []
    for replica in [REPLICAS[0], REPLICAS[1], REPLICAS[0], REPLICAS[1], REPLICAS[0]]:
        await asyncio.sleep(rng.uniform(0.4, 1.0))
        due_at_kill.append(await conn.fetchval(
            "SELECT count(*) FROM subscriptions.subscriptions WHERE next_boundary_at <= now()"))
        services[replica].process.kill()
        await services[replica].restart()
    return due_at_kill


@pytest.mark.slow
async def test_every_period_ends_exactly_once(stack: ServerStack, tmp_path) -> None:
    environment = await stack.new_environment(
        FLUXRATE_SCHEDULER_POLL_INTERVAL_MS="50", FLUXRATE_SCHEDULER_BATCH_SIZE="3",
        FLUXRATE_SCHEDULER_MAX_PERIODS_PER_TICK="1")
    services = await start_services(environment, ["identity", "catalog", *REPLICAS], tmp_path)
    conn = await asyncpg.connect(environment.database_url)
    try:
        org = await signup(services.url_for)
        plan = await org.session.post("/api/v1/plans", {
            "name": "Daily", "type": "FIXED", "interval": "day", "currency": "USD"})
        await org.session.post(f"/api/v1/plans/{plan.body['id']}/charges",
                               {"type": "FIXED", "unit_price": 1})
        start = date.today() - timedelta(days=DAYS_BACK)
        for n in range(SUBSCRIPTIONS):
            await org.session.put(f"/api/v1/customers/external/c{n}", {})
            reply = await org.session.post("/api/v1/subscriptions", {
                "customer_external_id": f"c{n}", "plan_id": plan.body["id"],
                "start_date": start.isoformat()})
            assert reply.status == 201, reply.body
        due_at_kill = await _kill_replicas(services, conn, random.Random(3))
        assert sum(due > 0 for due in due_at_kill) >= 3, due_at_kill  # most kills land mid-run

        async def all_current() -> bool:
            return await conn.fetchval("SELECT count(*) FROM subscriptions.subscriptions"
                                       " WHERE next_boundary_at <= now()") == 0

        await eventually(all_current, timeout=120, interval=0.2)
        rows = await conn.fetch(
            "SELECT aggregate_id, version, data->'period'->>'start' AS start FROM subscriptions.events"
            " WHERE type = 'subscription.period_ended' ORDER BY aggregate_id, version")
        by_sub: dict = defaultdict(list)
        for row in rows:
            by_sub[row["aggregate_id"]].append(datetime.fromisoformat(row["start"]))
        assert len(by_sub) == SUBSCRIPTIONS
        first = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
        expected = [first + timedelta(days=i) for i in range(DAYS_BACK)]
        for starts in by_sub.values():
            assert starts == expected  # each period once, in order, none skipped

        topic = f"{environment.namespace}.subscriptions.subscription.v1"
        total = SUBSCRIPTIONS * DAYS_BACK

        def period_ends(events: list[dict]) -> dict:
            seen: dict = {}
            for e in events:
                if e["type"] == "subscription.period_ended":
                    key = (e["data"]["subscription"]["id"], e["data"]["period"]["start"])
                    assert seen.setdefault(key, e["id"]) == e["id"]  # a re-send, never a twin
            return seen

        await read_topic(environment.kafka, topic, until=lambda evs: len(period_ends(evs)) == total,
                         timeout=60)
    finally:
        await conn.close()
        services.stop()
