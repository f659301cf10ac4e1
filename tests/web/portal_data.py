"""An org whose customer has something to show in the portal, made through the API (fast):
branding, a hybrid monthly plan with a metered feature, a subscription that began two months
ago, usage in each period, and the two ended periods' invoices finalized."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.test_invoicing_walkthrough import TIERS
from tests.support.api import Org, signup
from tests.support.processes import eventually

CUSTOMER = {"name": "Zoë Ångström", "email": "zoe@example.com",
            "billing_address": {"line1": "Storgatan 1", "postal_code": "111 22",
                                "city": "Stockholm", "country": "SE"}}
# Calls per period, oldest first; the tiers of build_catalog price them.
USAGE = (8000, 12500, 3200)
TOTALS = ("118.00", "124.50")  # 99.00 + tiered: 0 + 7,000 x 0.002 + 5.00 | 0 + 23.00 + 2.50


@dataclass
class PortalScenario:
    org: Org
    customer_id: str
    invoices: list[dict[str, Any]]  # finalized, oldest first


def months_back(count: int) -> datetime:
    first = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


async def _catalog(org: Org) -> dict[str, Any]:
    """The walkthrough's Pro plan (99.00 a month and tiered API calls), its feature resetting
    every month."""
    meter = (await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "SUM",
                                                       "unit": "call"})).body
    feature = (await org.session.post("/api/v1/features", {
        "name": "API calls", "type": "METER", "meter_id": meter["id"], "limit": 100000,
        "reset_period": "month"})).body
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Pro", "type": "HYBRID", "interval": "month", "currency": "USD",
        "features": [{"feature_id": feature["id"]}]})).body
    for charge in ({"type": "FIXED", "unit_price": "99.00", "display_name": "Pro monthly subscription"},
                   {"type": "USAGE", "meter_id": meter["id"], "display_name": "API calls",
                    "tier_mode": "graduated", "tiers": TIERS}):
        reply = await org.session.post(f"/api/v1/plans/{plan['id']}/charges", charge)
        assert reply.status == 201, reply.body
    return plan


async def _record_usage(org: Org, start: datetime) -> None:
    writer = org.session.with_key(await org.api_key("write"))
    stamps = [months_back(2) + timedelta(days=3), months_back(1) + timedelta(days=3), None]
    for number, (quantity, stamp) in enumerate(zip(USAGE, stamps, strict=True)):
        event = {"customer_external_id": "zoe", "meter_name": "api_calls",
                 "idempotency_key": f"portal-{number}", "properties": {"quantity": quantity}}
        if stamp is not None:
            event["timestamp"] = stamp.isoformat()

        async def accepted(event: dict[str, Any] = event) -> bool:
            # A key made a moment ago reaches ingest within its wait, or soon after on a busy
            # machine: until then it is refused as unknown, and the event can be sent again.
            reply = await writer.post("/api/v1/usage", event)
            assert reply.status in (202, 401), reply.body
            return reply.status == 202

        await eventually(accepted)

    async def all_counted() -> bool:
        reply = await org.session.get("/api/v1/usage", params={
            "customer_external_id": "zoe", "from": start.isoformat(),
            "to": (datetime.now(UTC) + timedelta(minutes=5)).isoformat()})
        return reply.status == 200 and [u["value"] for u in reply.body["data"]] == [str(sum(USAGE))]

    await eventually(all_counted)


async def _finalize_ended_periods(org: Org, subscription_id: str) -> list[dict[str, Any]]:
    async def both_drafted() -> list[dict[str, Any]] | None:
        listed = await org.session.get("/api/v1/invoices", params={"subscription_id": subscription_id})
        drafts = listed.body["data"]
        return sorted(drafts, key=lambda i: i["period_start"]) if len(drafts) == 2 else None

    finalized = []
    for draft in await eventually(both_drafted):
        reply = await org.session.post(f"/api/v1/invoices/{draft['id']}/finalize")
        assert reply.status == 200, reply.body
        finalized.append(reply.body)
    assert [i["total"] for i in finalized] == list(TOTALS), finalized
    return finalized


async def portal_scenario(base_url: str, logo_url: str, allowed_origin: str) -> PortalScenario:
    org = await signup(base_url, "Acme")
    branded = await org.session.patch("/api/v1/branding", {
        "name": "Acme Analytics", "accent_color": "#0E7490", "logo_url": logo_url,
        "portal_allowed_origins": [allowed_origin], "email": "billing@acme.example",
        "billing_address": {"line1": "1 Rua Augusta", "city": "Lisbon", "country": "PT"}})
    assert branded.status == 200, branded.body
    plan = await _catalog(org)
    customer = await org.session.put("/api/v1/customers/external/zoe", CUSTOMER)
    start = months_back(2)
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "zoe", "plan_id": plan["id"], "start_date": start.isoformat()})
    assert sub.status == 201, sub.body
    await _record_usage(org, start)
    invoices = await _finalize_ended_periods(org, sub.body["id"])
    return PortalScenario(org, customer.body["id"], invoices)
