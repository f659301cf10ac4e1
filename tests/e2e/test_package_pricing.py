"""Package pricing through HTTP only: a plan made with the API, usage sent, the period ended,
the invoice read and emailed — and the preview, the upcoming invoice and the refusals.

250 units in packages of 100 at 5.00: 3 packages (a package begun is billed) = 15.00;
with the first 100 units free: 150 billable, 2 packages = 10.00."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from fluxrate_platform.devstack.mail import MailSink
from tests.support.api import Org, signup
from tests.support.mail import body, by_message_id
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually

PACKS = {"package_size": 100, "unit_price": "5.00"}


async def _plan_with_package_charges(org: Org) -> tuple[dict, dict, dict]:
    meter = (await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "SUM"})).body
    plan = (await org.session.post("/api/v1/plans", {"name": "Packs", "type": "USAGE",
                                                     "interval": "day", "currency": "USD"})).body
    charges = f"/api/v1/plans/{plan['id']}/charges"
    packs = await org.session.post(charges, {"type": "USAGE", "meter_id": meter["id"],
                                             "display_name": "Calls", **PACKS})
    free = await org.session.post(charges, {"type": "USAGE", "meter_id": meter["id"],
                                            "display_name": "Calls after 100 free",
                                            "free_units": 100, **PACKS})
    assert packs.status == free.status == 201, (packs.body, free.body)
    assert (packs.body["package_size"], packs.body["unit_price"], packs.body["free_units"]) == (
        100, "5.00", None)
    assert (free.body["package_size"], free.body["free_units"]) == (100, "100")
    return meter, plan, (await org.session.get(f"/api/v1/plans/{plan['id']}")).body


async def _send(org: Org, idempotency_key: str, quantity: int, at: datetime | None) -> None:
    api = org.session.with_key(await org.api_key("write"))
    event = {"customer_external_id": "user_1", "meter_name": "api_calls", "quantity": quantity,
             "idempotency_key": idempotency_key}
    if at is not None:
        event["timestamp"] = at.isoformat()
    reply = await api.post("/api/v1/usage", event)
    assert reply.status == 202, reply.body


async def test_an_ended_period_is_invoiced_in_whole_packages(platform: RunningPlatform,
                                                              mail: MailSink) -> None:
    org = await signup(platform.url, "Pack Co")
    _, plan, shown = await _plan_with_package_charges(org)
    assert [c["package_size"] for c in shown["charges"]] == [100, 100]
    await org.session.put("/api/v1/customers/external/user_1", {"email": "user@example.com"})
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "user_1", "plan_id": plan["id"], "start_date": yesterday.isoformat()})
    assert sub.status == 201, sub.body
    await _send(org, "yesterday-250", 250, datetime.combine(yesterday, time(12), UTC))

    async def period_usage() -> bool:
        reply = await org.session.get("/api/v1/usage", params={
            "subscription_id": sub.body["id"], "from": f"{yesterday}T00:00:00Z",
            "to": f"{yesterday + timedelta(days=1)}T00:00:00Z"})
        return bool(reply.body["data"]) and reply.body["data"][0]["value"] == "250"

    async def draft() -> dict | None:
        listed = await org.session.get("/api/v1/invoices", params={"subscription_id": sub.body["id"]})
        return listed.body["data"][0] if listed.body["data"] else None

    await eventually(period_usage)
    invoice = await eventually(draft)
    final = (await org.session.post(f"/api/v1/invoices/{invoice['id']}/finalize")).body
    lines = {line["display_name"]: line for line in final["lines"]}
    packs, free = lines["Calls"], lines["Calls after 100 free"]
    assert (packs["quantity"], packs["unit_price"], packs["amount"]) == ("250", "5.00", "15.00")
    assert (free["quantity"], free["unit_price"], free["amount"]) == ("250", "5.00", "10.00")
    assert (packs["packages"]["packages"], packs["packages"]["billable_units"]) == ("3", "250")
    assert (free["packages"]["packages"], free["packages"]["billable_units"]) == ("2", "150")
    assert final["total"] == "25.00" and final["status"] == "OPEN"

    async def emailed() -> list:
        return by_message_id(mail.messages).get(f"<invoice-{final['id']}@fluxrate>", [])

    (message,) = await eventually(emailed)
    assert "Calls after 100 free: 250 in 2 packages of 100 x 5.00 = 10.00 USD" in body(message)


async def test_the_upcoming_invoice_bills_this_periods_packages(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    _, plan, _ = await _plan_with_package_charges(org)
    await org.session.put("/api/v1/customers/external/user_1", {"name": "U"})
    sub = (await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "user_1", "plan_id": plan["id"]})).body
    await _send(org, "now-101", 101, None)

    async def upcoming() -> dict | None:
        reply = await org.session.get(f"/api/v1/subscriptions/{sub['id']}/upcoming-invoice")
        ready = reply.status == 200 and reply.body["lines"] and \
            reply.body["lines"][0]["quantity"] == "101"
        return reply.body if ready else None

    lines = {line["display_name"]: line for line in (await eventually(upcoming))["lines"]}
    assert (lines["Calls"]["amount"], lines["Calls after 100 free"]["amount"]) == ("10.00", "5.00")
    assert lines["Calls"]["packages"]["packages"] == "2"


async def test_the_preview_prices_packages_as_invoices_do(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    _, plan, _ = await _plan_with_package_charges(org)
    url = f"/api/v1/plans/{plan['id']}/charges/preview"
    cases = [(250, None, "15.00", "3"), (250, 100, "10.00", "2"), (100, 100, "0.00", "0"),
             (101, 100, "5.00", "1"), (0, None, "0.00", "0"), (40, 100, "0.00", "0")]
    for quantity, free_units, amount, packages in cases:
        reply = await org.session.post(url, {"type": "USAGE", "quantity": quantity,
                                             "free_units": free_units, **PACKS})
        assert reply.status == 200, reply.body
        assert (reply.body["amount"], reply.body["packages"]["packages"]) == (amount, packages), (
            quantity, free_units, reply.body)
    per_unit = await org.session.post(url, {"type": "USAGE", "unit_price": "1", "quantity": 2})
    assert "packages" not in per_unit.body


async def test_refusals_name_the_package_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter, plan, _ = await _plan_with_package_charges(org)
    usage = {"type": "USAGE", "meter_id": meter["id"]}
    tiers = [{"up_to": None, "unit_price": "1"}]
    cases = [
        ({**usage, **PACKS, "package_size": 0}, "package_size"),
        ({**usage, **PACKS, "package_size": 2.5}, "package_size"),
        ({**usage, **PACKS, "package_size": "ten"}, "package_size"),
        ({**usage, **PACKS, "package_size": True}, "package_size"),
        ({**usage, **PACKS, "package_size": -100}, "package_size"),
        ({**usage, "package_size": 100}, "unit_price"),
        ({**usage, **PACKS, "free_units": -1}, "free_units"),
        ({**usage, "unit_price": "0.01", "free_units": 100}, "free_units"),
        ({**usage, **PACKS, "tier_mode": "volume", "tiers": tiers}, "package_size"),
        ({"type": "FIXED", **PACKS}, "package_size"),
    ]
    for body_sent, field in cases:
        reply = await org.session.post(f"/api/v1/plans/{plan['id']}/charges", body_sent)
        assert reply.status == 422, (body_sent, reply.body)
        assert reply.error["field"] == field, (body_sent, reply.body)
        assert reply.error["message"].startswith(field), reply.body
