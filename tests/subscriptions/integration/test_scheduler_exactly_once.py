"""Proof: two scheduler replicas at once, each SIGKILLed and restarted mid-run, while backdated
subscriptions catch up — every period ends exactly once, in order, none skipped."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import asyncpg
import pytest

from tests.support.api import signup
from tests.support.kafka import read_topic
from tests.support.processes import eventually, wait_until_ready
from tests.support.services import Services, start_services
from tests.support.stack import ServerStack

SUBSCRIPTIONS = 60
DAYS_BACK = 120
REPLICAS = ["subscriptions#1", "subscriptions#2"]


async def _periods_ended(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT count(*) FROM subscriptions.events"
                               " WHERE type = 'subscription.period_ended'")


async def _kill_replicas(services: Services, conn: asyncpg.Connection, total: int) -> list[int]:
    """Kill the replicas in turn, each time the work done reaches the next sixth of the total
    (so every kill lands while periods are still due, however fast the machine), and restart
    the victim without waiting for it; returns the periods still due at each kill."""
    pending_at_kill = []
    victims = [REPLICAS[0], REPLICAS[1], REPLICAS[0], REPLICAS[1], REPLICAS[0]]
    for n, replica in enumerate(victims, start=1):
        milestone = total * n // (len(victims) + 1)

        async def reached(milestone: int = milestone) -> int:
            return await _periods_ended(conn) >= milestone

        await eventually(reached, timeout=120, interval=0.01)
        services[replica].process.kill()
        pending_at_kill.append(total - await _periods_ended(conn))
        services[replica].process.start()
    for replica in REPLICAS:
        await wait_until_ready(f"{services[replica].url}/readyz", services[replica].process)
    return pending_at_kill


@pytest.mark.slow
async def test_every_period_ends_exactly_once(stack: ServerStack, tmp_path) -> None:
    environment = await stack.new_environment(
        FLUXRATE_SCHEDULER_POLL_INTERVAL_MS="50", FLUXRATE_SCHEDULER_BATCH_SIZE="3",
        FLUXRATE_SCHEDULER_MAX_PERIODS_PER_TICK="1")
    # The API process schedules nothing, so no period ends before the replicas start.
    api = await start_services(environment, ["identity", "catalog", "subscriptions"], tmp_path,
                               own_env={"subscriptions": {"FLUXRATE_SCHEDULER_ENABLED": "false"}})
    services = None
    conn = await asyncpg.connect(environment.database_url)
    try:
        org = await signup(api.url_for)
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
        assert await _periods_ended(conn) == 0
        services = await start_services(environment, REPLICAS, tmp_path)
        pending_at_kill = await _kill_replicas(services, conn, SUBSCRIPTIONS * DAYS_BACK)
        assert all(pending > 0 for pending in pending_at_kill), pending_at_kill

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
        api.stop()
        if services is not None:
            services.stop()
