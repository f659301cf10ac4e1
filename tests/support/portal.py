"""What the portal tests share: an org with customers, an OPEN invoice, portal sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.support.api import Api, Org, Reply
from tests.support.processes import eventually

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


async def customer(org: Org, external_id: str, **fields: Any) -> dict[str, Any]:
    reply = await org.session.put(f"/api/v1/customers/external/{external_id}", fields)
    assert reply.status in (200, 201), reply.body
    return reply.body


async def daily_plan(org: Org, price: str = "12.50") -> dict[str, Any]:
    plan = (await org.session.post("/api/v1/plans", {"name": "Daily", "type": "FIXED",
                                                    "interval": "day", "currency": "USD"})).body
    charge = await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {
        "type": "FIXED", "unit_price": price, "display_name": "Daily platform fee"})
    assert charge.status == 201, charge.body
    return plan


async def draft_invoice(org: Org, customer_id: str, plan_id: str) -> dict[str, Any]:
    """A subscription that started a day and an hour ago: its first day ends, a DRAFT comes."""
    start = (datetime.now(UTC) - timedelta(days=1, hours=1)).isoformat()
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_id": customer_id, "plan_id": plan_id, "start_date": start})
    assert sub.status == 201, sub.body

    async def drafted() -> dict[str, Any] | None:
        listed = await org.session.get("/api/v1/invoices", params={"subscription_id": sub.body["id"]})
        return listed.body["data"][0] if listed.body["data"] else None

    return await eventually(drafted)


async def open_invoice(org: Org, customer_id: str, plan_id: str) -> dict[str, Any]:
    draft = await draft_invoice(org, customer_id, plan_id)
    finalized = await org.session.post(f"/api/v1/invoices/{draft['id']}/finalize")
    assert finalized.status == 200, finalized.body
    return finalized.body


async def portal_session(org: Org, customer_id: str, **body: Any) -> dict[str, Any]:
    reply = await org.session.post(f"/api/v1/customers/{customer_id}/portal-sessions", body)
    assert reply.status == 201, reply.body
    return reply.body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def as_customer(api: Api, token: str, path: str, **kwargs: Any) -> Reply:
    return await api.anonymous().get(path, headers=bearer(token), **kwargs)
