"""A subscription the scheduler cannot advance (a row no code path expects, as a bug or an old
version could leave) is set aside with its reason while every other one keeps ending its
periods; an operator sees it and releases it once fixed."""

from __future__ import annotations

from datetime import date, timedelta

import aiohttp
import asyncpg

from tests.support.api import Api, Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.stack import OPERATOR_TOKEN

QUARANTINED = "/api/v1/operator/subscriptions/quarantined"


async def _daily_subscription(org: Org, start: date) -> dict:
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Daily", "type": "FIXED", "interval": "day", "currency": "USD"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED", "unit_price": 1})
    await org.session.put("/api/v1/customers/external/c1", {})
    reply = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "c1", "plan_id": plan["id"], "start_date": start.isoformat()})
    assert reply.status == 201, reply.body
    return reply.body


async def _periods_ended(conn: asyncpg.Connection, sub_id: str) -> int:
    return await conn.fetchval("SELECT count(*) FROM subscriptions.events WHERE aggregate_id = $1"
                               " AND type = 'subscription.period_ended'", sub_id)


async def test_a_subscription_that_cannot_advance_is_quarantined_not_in_the_way(
        platform: RunningPlatform) -> None:
    broken_org, healthy_org = await signup(platform.url), await signup(platform.url)
    broken = await _daily_subscription(broken_org, date.today() + timedelta(days=1))
    conn = await asyncpg.connect(platform.environment.database_url)
    operator = Api(platform.url)
    headers = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    try:
        await conn.execute(
            "UPDATE subscriptions.subscriptions SET interval = 'fortnight', started_at = now() -"
            " interval '2 days', anchor = now() - interval '2 days', current_period_start = now()"
            " - interval '2 days', current_period_end = now() - interval '1 day', segment_start ="
            " now() - interval '2 days', next_boundary_at = now() - interval '1 day' WHERE id = $1",
            broken["id"])
        healthy = await _daily_subscription(healthy_org, date.today() - timedelta(days=3))

        async def healthy_caught_up() -> bool:
            return await _periods_ended(conn, healthy["id"]) == 3

        await eventually(healthy_caught_up)

        async def set_aside() -> list:
            listed = await operator.get(QUARANTINED, headers=headers)
            return [s for s in listed.body["data"] if s["id"] == broken["id"]]

        (entry,) = await eventually(set_aside)
        assert "fortnight" in entry["quarantine_reason"] and entry["org_id"] == broken_org.org_id
        assert (await operator.get(QUARANTINED)).status == 401
        await conn.execute("UPDATE subscriptions.subscriptions SET interval = 'day' WHERE id = $1",
                           broken["id"])  # the fix
        released = await operator.post(f"{QUARANTINED}/{broken['id']}/release", headers=headers)
        assert released.status == 204

        async def advanced() -> bool:
            return await _periods_ended(conn, broken["id"]) >= 1

        await eventually(advanced)
        assert not await set_aside()
    finally:
        await conn.close()


async def test_the_scheduler_reports_its_lag_and_quarantine(platform: RunningPlatform) -> None:
    """The health the scheduler reports is read as it runs: reading it must never fail it."""
    async def reported() -> bool:
        async with aiohttp.ClientSession() as http, http.get(f"{platform.url}/metrics") as reply:
            text = await reply.text()
        return "fluxrate_scheduler_lag_seconds " in text and "fluxrate_subscriptions_quarantined " in text

    await eventually(reported)
    failures = [line for line in platform.process.log_tail(500_000).splitlines()
                if "background_task_failed" in line and "period-scheduler" in line]
    assert not failures, failures[:3]
