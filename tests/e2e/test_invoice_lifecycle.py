"""Invoice lifecycle errors through HTTP: voiding a draft, writing off, refused moves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually


async def two_drafts(org: Org) -> list[dict]:
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Daily", "type": "FIXED", "interval": "day", "currency": "EUR"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED",
                                                                   "unit_price": "3.00"})
    await org.session.put("/api/v1/customers/external/life", {"email": "life@example.com"})
    start = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    await org.session.post("/api/v1/subscriptions", {"customer_external_id": "life",
                                                     "plan_id": plan["id"], "start_date": start})

    async def drafts() -> list[dict] | None:
        data = (await org.session.get("/api/v1/invoices", params={"status": "DRAFT"})).body["data"]
        return data if len(data) == 2 else None

    return await eventually(drafts)


async def test_draft_void_open_uncollectible_and_refusals(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    first, second = await two_drafts(org)
    assert first["total"] == "3.00" and first["currency"] == "EUR"
    mismatched = await org.session.post(f"/api/v1/invoices/{first['id']}/pay", {})
    assert mismatched.status == 409  # a DRAFT cannot be paid
    voided = await org.session.post(f"/api/v1/invoices/{first['id']}/void")
    assert voided.body["status"] == "VOID"
    opened = await org.session.post(f"/api/v1/invoices/{second['id']}/finalize")
    assert opened.body["status"] == "OPEN"
    wrong = await org.session.post(f"/api/v1/invoices/{second['id']}/pay", {"amount": "2.99"})
    assert wrong.status == 422 and wrong.error["field"] == "amount"
    written_off = await org.session.post(f"/api/v1/invoices/{second['id']}/mark-uncollectible")
    assert written_off.body["status"] == "UNCOLLECTIBLE"
    again = await org.session.post(f"/api/v1/invoices/{second['id']}/finalize")
    assert again.status == 409 and "UNCOLLECTIBLE" in again.error["message"]
    numbered = (await org.session.get(f"/api/v1/invoices/{second['id']}")).body
    assert numbered["number"] == "INV-000001"  # the voided draft never took a number
