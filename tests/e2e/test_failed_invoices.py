"""A period that cannot be priced (a plan version no code path expects, as a bug could publish)
gets a visible FAILED invoice saying why — never a silent gap — while other invoices are made
as usual; once fixed, a retry makes it a DRAFT."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually


async def _daily_plan(org: Org) -> dict:
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Daily", "type": "FIXED", "interval": "day", "currency": "USD"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED", "unit_price": "2.50"})
    await org.session.put("/api/v1/customers/external/c1", {})
    return plan


async def _invoices(org: Org) -> list[dict]:
    return (await org.session.get("/api/v1/invoices")).body["data"]


async def test_an_unpriceable_period_is_a_failed_invoice_and_retried_once_fixed(
        platform: RunningPlatform) -> None:
    broken, healthy = await signup(platform.url), await signup(platform.url)
    broken_plan, healthy_plan = await _daily_plan(broken), await _daily_plan(healthy)
    conn = await asyncpg.connect(platform.environment.database_url)
    try:
        async def plan_known() -> bool:
            return await conn.fetchval("SELECT count(*) FROM subscriptions.plans WHERE id = $1"
                                       " AND jsonb_array_length(snapshot->'charges') = 1",
                                       broken_plan["id"]) == 1

        await eventually(plan_known)
        # Well-formed (the event catalogue checks the shape) but no pricing model of ours.
        await conn.execute("UPDATE subscriptions.plans SET snapshot = jsonb_set(snapshot,"
                           " '{charges,0,tier_mode}', '\"bogus\"') WHERE id = $1", broken_plan["id"])
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        for org, plan in ((broken, broken_plan), (healthy, healthy_plan)):
            reply = await org.session.post("/api/v1/subscriptions", {
                "customer_external_id": "c1", "plan_id": plan["id"], "start_date": yesterday})
            assert reply.status == 201, reply.body

        (made,) = await eventually(lambda: _invoices(healthy))
        assert made["status"] == "DRAFT" and made["total"] == "2.50"
        (failed,) = await eventually(lambda: _invoices(broken))
        assert failed["status"] == "FAILED" and "bogus" in failed["failure_reason"]
        assert (await broken.session.get("/api/v1/invoices", params={"status": "FAILED"})).body["data"]
        still = await broken.session.post(f"/api/v1/invoices/{failed['id']}/retry")
        assert still.status == 422 and still.error["code"] == "still_failing", still.body
        await conn.execute("UPDATE invoicing.invoices SET plan = jsonb_set(plan,"
                           " '{charges,0,tier_mode}', 'null') WHERE id = $1", failed["id"])
        retried = await broken.session.post(f"/api/v1/invoices/{failed['id']}/retry")
        assert retried.status == 200, retried.body
        assert (retried.body["status"], retried.body["total"], retried.body["failure_reason"]) == \
            ("DRAFT", "2.50", None)
    finally:
        await conn.close()
