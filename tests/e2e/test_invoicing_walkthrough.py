"""The seed's "Putting It Together", end to end through HTTP only: meter, feature, plan with a
fixed and a tiered usage charge, customer, backdated subscription, usage through both ingest
forms, period end, DRAFT, finalize, email, PAID — every amount worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fluxrate_platform.devstack.mail import MailSink
from tests.support.api import Org, signup
from tests.support.mail import body, by_message_id
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually

# Graduated: the first 1,000 calls free; 1,001-10,000 at 0.002 plus a 5.00 flat fee; then 0.001.
TIERS = [{"up_to": 1000, "unit_price": "0"},
         {"up_to": 10000, "unit_price": "0.002", "flat_fee": "5.00"},
         {"up_to": None, "unit_price": "0.001"}]
# 2,500 (SDK) + 10,000 (quickstart form) = 12,500 calls in the period:
#   tier 1: 1,000 x 0     =  0.000
#   tier 2: 9,000 x 0.002 = 18.000 + 5.00 flat = 23.000
#   tier 3: 2,500 x 0.001 =  2.500
#   usage line = 25.50; fixed line = 99.00; total = 124.50
EXPECTED_USAGE_LINE, EXPECTED_FIXED_LINE, EXPECTED_TOTAL = "25.50", "99.00", "124.50"


def previous_month() -> tuple[datetime, datetime]:
    first = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (first - timedelta(days=1)).replace(day=1), first


async def build_catalog(org: Org) -> tuple[dict, dict]:
    meter = (await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "SUM",
                                                       "unit": "call"})).body
    feature = (await org.session.post("/api/v1/features", {
        "name": "API calls", "type": "METER", "meter_id": meter["id"], "limit": 100000})).body
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Pro", "type": "HYBRID", "interval": "month", "currency": "USD",
        "features": [{"feature_id": feature["id"]}]})).body
    fixed = await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {
        "type": "FIXED", "unit_price": 99.00, "display_name": "Pro monthly subscription"})
    tiered = await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {
        "type": "USAGE", "meter_id": meter["id"], "display_name": "API calls",
        "tier_mode": "graduated", "tiers": TIERS})
    assert fixed.status == tiered.status == 201, (fixed.body, tiered.body)
    return meter, plan


async def send_usage(org: Org, meter: dict, start: datetime) -> None:
    api = org.session.with_key(await org.api_key("write"))
    in_period = (start + timedelta(days=10)).isoformat()
    sdk = {"meter_token": meter["meter_token"], "customer_external_id": "user_123",
           "quantity": 2500, "timestamp": in_period, "idempotency_key": "sdk-1"}
    quickstart = {"customer_external_id": "user_123", "meter_name": "api_calls",
                  "timestamp": in_period, "idempotency_key": "evt_unique_12345",
                  "properties": {"quantity": 10000, "endpoint": "/search"}}
    later = {"customer_external_id": "user_123", "meter_name": "api_calls", "quantity": 300,
             "idempotency_key": "this-month"}  # the current period, not this invoice
    for path, event in [("/api/v1/sdk/track", sdk), ("/api/v1/usage", quickstart),
                        ("/api/v1/usage", quickstart), ("/api/v1/usage", later)]:
        reply = await api.post(path, event)
        assert reply.status in (200, 202), reply.body


async def test_the_whole_billing_loop(platform: RunningPlatform, mail: MailSink) -> None:
    org = await signup(platform.url, "Acme Analytics")
    meter, plan = await build_catalog(org)
    await org.session.put("/api/v1/customers/external/user_123", {
        "name": "Jane Doe", "email": "jane@example.com",
        "billing_address": {"line1": "1 Main St", "city": "Lisbon", "country": "PT"}})
    start, end = previous_month()
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "user_123", "plan_id": plan["id"], "start_date": start.isoformat()})
    assert sub.status == 201, sub.body
    await send_usage(org, meter, start)

    async def period_usage() -> bool:
        reply = await org.session.get("/api/v1/usage", params={
            "subscription_id": sub.body["id"], "from": start.isoformat(), "to": end.isoformat()})
        return reply.status == 200 and bool(reply.body["data"]) and \
            reply.body["data"][0]["value"] == "12500"

    await eventually(period_usage)

    async def draft() -> dict | None:
        listed = await org.session.get("/api/v1/invoices", params={"subscription_id": sub.body["id"]})
        return listed.body["data"][0] if listed.body["data"] else None

    invoice = await eventually(draft)
    assert invoice["status"] == "DRAFT" and invoice["number"] is None
    assert invoice["period_start"][:10] == start.date().isoformat()
    assert invoice["period_end"][:10] == end.date().isoformat()
    assert invoice["customer"]["name"] == "Jane Doe"

    finalized = await org.session.post(f"/api/v1/invoices/{invoice['id']}/finalize")
    assert finalized.status == 200, finalized.body
    final = finalized.body
    lines = {line["display_name"]: line for line in final["lines"]}
    assert lines["Pro monthly subscription"]["amount"] == EXPECTED_FIXED_LINE
    usage_line = lines["API calls"]
    assert (usage_line["quantity"], usage_line["amount"]) == ("12500", EXPECTED_USAGE_LINE)
    assert [t["amount"] for t in usage_line["tiers"]] == ["0", "23.000", "2.500"]
    assert (final["status"], final["subtotal"], final["total"]) == ("OPEN", EXPECTED_TOTAL,
                                                                   EXPECTED_TOTAL)
    assert final["number"].startswith("INV-") and final["currency"] == "USD"
    due = datetime.fromisoformat(final["due_date"]) - datetime.fromisoformat(final["finalized_at"])
    assert due == timedelta(days=30)

    async def emailed() -> list:
        return by_message_id(mail.messages).get(f"<invoice-{final['id']}@fluxrate>", [])

    (message,) = await eventually(emailed)
    text = body(message)
    assert message["To"] == "jane@example.com" and final["number"] in message["Subject"]
    assert "Acme Analytics" in message["Subject"]
    for expected in ("Jane Doe", "Pro monthly subscription", "API calls", "25.50 USD",
                     "Total: 124.50 USD", f"Due date: {final['due_date'][:10]}"):
        assert expected in text, expected

    paid = await org.session.post(f"/api/v1/invoices/{final['id']}/pay", {"reference": "wire-42"})
    assert paid.status == 200 and paid.body["status"] == "PAID"
    assert (paid.body["amount_paid"], paid.body["payment_reference"]) == ("124.50", "wire-42")
    assert (await org.session.post(f"/api/v1/invoices/{final['id']}/pay", {})).status == 409
    assert (await org.session.post(f"/api/v1/invoices/{final['id']}/void")).status == 409
    one = await org.session.get("/api/v1/invoices", params={"subscription_id": sub.body["id"]})
    assert len(one.body["data"]) == 1

    upcoming = await org.session.get(f"/api/v1/subscriptions/{sub.body['id']}/upcoming-invoice")
    assert upcoming.status == 200, upcoming.body
    assert upcoming.body["total"] == "99.00"  # 300 calls this month: all in the free tier
