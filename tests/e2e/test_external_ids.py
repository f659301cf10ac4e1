"""A customer named by your own id everywhere a customer is named: one customer, its
subscriptions, its invoices; never another org's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually


async def _daily_plan(org: Org) -> str:
    plan = await org.session.post("/api/v1/plans", {
        "name": "Daily", "type": "FIXED", "interval": "day", "currency": "EUR"})
    await org.session.post(f"/api/v1/plans/{plan.body['id']}/charges",
                           {"type": "FIXED", "unit_price": "2.00"})
    return plan.body["id"]


async def _subscribe(org: Org, plan_id: str, external_id: str) -> dict:
    await org.session.put(f"/api/v1/customers/external/{external_id}", {"name": external_id})
    start = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()
    reply = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": external_id, "plan_id": plan_id, "start_date": start})
    assert reply.status == 201, reply.body
    return reply.body


async def test_one_customer_by_external_id(platform: RunningPlatform) -> None:
    org, other = await signup(platform.url), await signup(platform.url)
    created = await org.session.put("/api/v1/customers/external/user-7", {"name": "Seven"})
    got = await org.session.get("/api/v1/customers/external/user-7")
    assert got.status == 200 and got.body == created.body
    missing = await org.session.get("/api/v1/customers/external/nobody")
    assert missing.status == 404 and missing.error["code"] == "customer_not_found"
    elsewhere = await other.session.get("/api/v1/customers/external/user-7")
    assert elsewhere.status == 404 and elsewhere.error["code"] == "customer_not_found"


async def test_subscriptions_and_invoices_by_external_id(platform: RunningPlatform) -> None:
    org, other = await signup(platform.url), await signup(platform.url)
    plan_id = await _daily_plan(org)
    mine = await _subscribe(org, plan_id, "ext-a")
    await _subscribe(org, plan_id, "ext-b")
    await _subscribe(other, await _daily_plan(other), "ext-a")

    listed = await org.session.get("/api/v1/subscriptions",
                                   params={"customer_external_id": "ext-a"})
    assert listed.status == 200 and [s["id"] for s in listed.body["data"]] == [mine["id"]]

    async def invoiced() -> list[dict] | None:
        data = (await org.session.get("/api/v1/invoices", params={
            "customer_external_id": "ext-a"})).body["data"]
        return data or None

    invoices = await eventually(invoiced)
    assert {i["subscription_id"] for i in invoices} == {mine["id"]}
    assert {i["customer_id"] for i in invoices} == {mine["customer_id"]}
    for path in ("/api/v1/subscriptions", "/api/v1/invoices"):
        unknown = await org.session.get(path, params={"customer_external_id": "never-used"})
        assert unknown.status == 200 and unknown.body == {"data": [], "next_cursor": None}
        both = await org.session.get(path, params={"customer_external_id": "ext-a",
                                                   "customer_id": mine["customer_id"]})
        assert both.status == 422 and both.error["field"] == "customer_external_id", both.body
