"""A period that cannot be priced (a plan version no code path expects, as a bug could publish)
gets a visible FAILED invoice saying why — never a silent gap — while other invoices are made
as usual; once fixed, a retry makes it a DRAFT."""

from __future__ import annotations

import asyncpg

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.unpriceable import break_plan, daily_plan, mend_invoice, subscribe_since_yesterday


async def _invoices(org: Org) -> list[dict]:
    return (await org.session.get("/api/v1/invoices")).body["data"]


async def test_an_unpriceable_period_is_a_failed_invoice_and_retried_once_fixed(
        platform: RunningPlatform) -> None:
    broken, healthy = await signup(platform.url), await signup(platform.url)
    broken_plan, healthy_plan = await daily_plan(broken.session), await daily_plan(healthy.session)
    conn = await asyncpg.connect(platform.environment.database_url)
    try:
        await break_plan(conn, broken_plan["id"])
        for org, plan in ((broken, broken_plan), (healthy, healthy_plan)):
            await subscribe_since_yesterday(org.session, plan["id"])

        (made,) = await eventually(lambda: _invoices(healthy))
        assert made["status"] == "DRAFT" and made["total"] == "2.50"
        (failed,) = await eventually(lambda: _invoices(broken))
        assert failed["status"] == "FAILED" and "bogus" in failed["failure_reason"]
        assert (await broken.session.get("/api/v1/invoices", params={"status": "FAILED"})).body["data"]
        still = await broken.session.post(f"/api/v1/invoices/{failed['id']}/retry")
        assert still.status == 422 and still.error["code"] == "still_failing", still.body
        await mend_invoice(conn, failed["id"])
        retried = await broken.session.post(f"/api/v1/invoices/{failed['id']}/retry")
        assert retried.status == 200, retried.body
        assert (retried.body["status"], retried.body["total"], retried.body["failure_reason"]) == \
            ("DRAFT", "2.50", None)
    finally:
        await conn.close()
