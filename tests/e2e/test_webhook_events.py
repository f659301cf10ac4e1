"""Every public webhook event type, caused through the API on the running platform, reaches a
real receiver on loopback: signed so that the Standard Webhooks library (and the SDK) verify it,
shaped `{"type", "timestamp", "data"}` with the object as the API returns it, only to endpoints
subscribed to it, and logged with each attempt."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fluxrate import webhooks as sdk_webhooks
from fluxrate_platform.devstack.mail import MailSink
from fluxrate_webhooks.catalogue import BY_NAME
from tests.support.api import Api, Org, signup
from tests.support.platform import RunningPlatform, start_platform
from tests.support.processes import eventually
from tests.support.receiver import Receiver
from tests.support.stack import ServerStack
from tests.support.webhooks import endpoint

EVERY_TYPE = set(BY_NAME)


@pytest.fixture(scope="module")
async def busy_platform(stack: ServerStack, mail: MailSink,
                        tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningPlatform]:
    """Invoices finalize at once and are overdue at once; limits are looked at often."""
    environment = await stack.new_environment(
        FLUXRATE_INVOICE_GRACE_PERIOD_SECONDS="0", FLUXRATE_INVOICE_NET_DAYS="0",
        FLUXRATE_INVOICE_WORKER_INTERVAL_MS="200", FLUXRATE_ENTITLEMENT_NOTICE_INTERVAL_MS="200",
        FLUXRATE_SCHEDULER_POLL_INTERVAL_MS="200", FLUXRATE_WEBHOOKS_POLL_INTERVAL_MS="50",
        FLUXRATE_SMTP_HOST="127.0.0.1", FLUXRATE_SMTP_PORT=str(mail.port))
    running = await start_platform(environment, tmp_path_factory.mktemp("webhook-platform"))
    yield running
    running.process.stop()


async def ok(reply: Any, *statuses: int) -> dict[str, Any]:
    assert reply.status in (statuses or (200, 201)), reply.body
    return reply.body


async def catalog(api: Api) -> dict[str, str]:
    meter = await ok(await api.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"}))
    feature = await ok(await api.post("/api/v1/features", {
        "name": "calls", "type": "METER", "meter_id": meter["id"], "limit": 10,
        "reset_period": "month"}))
    plans = {}
    for name, interval, fee in (("daily", "day", "1.00"), ("monthly", "month", "5.00"),
                                ("bigger", "month", "7.00")):
        plan = await ok(await api.post("/api/v1/plans", {
            "name": name, "type": "HYBRID", "interval": interval, "currency": "USD",
            "features": [{"feature_id": feature["id"]}]}))
        await ok(await api.post(f"/api/v1/plans/{plan['id']}/charges",
                                {"type": "FIXED", "unit_price": fee}))
        plans[name] = plan["id"]
    return {**plans, "meter": meter["id"]}


async def subscribe(api: Api, customer: str, plan: str, **fields: Any) -> dict[str, Any]:
    return await ok(await api.post("/api/v1/subscriptions", {
        "customer_external_id": customer, "plan_id": plan, **fields}))


async def invoices_of(api: Api, subscription_id: str, count: int,
                      status: str = "OPEN") -> list[dict[str, Any]]:
    async def there() -> list[dict[str, Any]] | None:
        data = (await api.get("/api/v1/invoices", params={
            "subscription_id": subscription_id, "status": status})).body["data"]
        return data if len(data) >= count else None

    return await eventually(there, timeout=90)


async def until_status(api: Api, subscription_id: str, status: str) -> None:
    async def reached() -> bool:
        return (await api.get(f"/api/v1/subscriptions/{subscription_id}")).body["status"] == status

    await eventually(reached, timeout=90)


async def cause_every_event(org: Org, receiver: Receiver) -> dict[str, str]:
    api = org.session
    for n in range(1, 5):
        await ok(await api.put(f"/api/v1/customers/external/c{n}", {
            "name": f"Customer {n}", "email": f"c{n}@example.com",
            "billing_address": {"city": "Lyon", "country": "FR"}}))
    c1 = (await api.get("/api/v1/customers", params={"external_id": "c1"})).body["data"][0]
    await ok(await api.patch(f"/api/v1/customers/{c1['id']}", {"name": "Customer One"}))
    ids = await catalog(api)
    three_days_ago = (datetime.now(UTC) - timedelta(days=3, minutes=5)).isoformat()
    # Three daily invoices, finalized and overdue at once: past due, then paid, void, written off.
    a = await subscribe(api, "c1", ids["daily"], start_date=three_days_ago)
    invoices = await invoices_of(api, a["id"], 3)
    await until_status(api, a["id"], "PAST_DUE")
    paid, voided, written_off = (i["id"] for i in sorted(invoices, key=lambda i: i["period_start"])[:3])
    await ok(await api.post(f"/api/v1/invoices/{paid}/pay", {}))
    await ok(await api.post(f"/api/v1/invoices/{voided}/void"))
    await ok(await api.post(f"/api/v1/invoices/{written_off}/mark-uncollectible"))
    await until_status(api, a["id"], "ACTIVE")
    await subscribe(api, "c2", ids["monthly"], trial_days=2)  # its trial ends within 3 days
    await subscribe(api, "c3", ids["monthly"], start_date=three_days_ago, trial_days=1)
    d = await subscribe(api, "c4", ids["monthly"])
    await use_up_the_limit(org, ids["meter"], receiver)
    for action, body in (("pause", None), ("resume", None),
                         ("change-plan", {"plan_id": ids["bigger"]}), ("cancel", {})):
        await ok(await api.post(f"/api/v1/subscriptions/{d['id']}/{action}", body))
    return {"paid": paid, "voided": voided, "written_off": written_off, "canceled": d["id"],
            "customer": c1["id"]}


async def use_up_the_limit(org: Org, meter_id: str, receiver: Receiver) -> None:
    key = org.session.with_key(await org.api_key("write"))
    c4 = (await org.session.get("/api/v1/customers", params={"external_id": "c4"})).body["data"][0]
    for quantity, threshold in ((8, 80), (2, 100)):
        await ok(await key.post("/api/v1/usage", {
            "meter_id": meter_id, "customer_id": c4["id"], "quantity": quantity}), 202)

        async def announced(threshold: int = threshold) -> bool:
            return any(r.event["data"]["threshold"] == threshold
                       for r in receiver.types().get("entitlement.limit_reached", []))

        await eventually(announced, timeout=90)


def check_signatures_and_shape(receiver: Receiver, secret: str) -> None:
    for received in receiver.received:
        body = received.verify(secret)
        assert sdk_webhooks.verify(received.body, received.headers, secret=secret) == body
        assert set(body) == {"type", "timestamp", "data"}
        if body["type"] in BY_NAME:
            BY_NAME[body["type"]].envelope_model().model_validate(body)


async def check_objects_are_as_the_api_returns_them(api: Api, receiver: Receiver,
                                                    ids: dict[str, str]) -> None:
    by_type = receiver.types()
    latest = {kind: copies[-1].event["data"] for kind, copies in by_type.items()}
    for kind, path in (("invoice.paid", f"/api/v1/invoices/{ids['paid']}"),
                       ("invoice.voided", f"/api/v1/invoices/{ids['voided']}"),
                       ("invoice.marked_uncollectible", f"/api/v1/invoices/{ids['written_off']}"),
                       ("subscription.canceled", f"/api/v1/subscriptions/{ids['canceled']}"),
                       ("customer.updated", f"/api/v1/customers/{ids['customer']}")):
        assert latest[kind] == (await api.get(path)).body, kind
    paid = latest["invoice.paid"]
    assert paid["lines"] and paid["customer"]["billing_address"]["city"] == "Lyon"
    reasons = {r.event["data"]["status"] for r in by_type["subscription.activated"]}
    assert reasons == {"ACTIVE"} and len(by_type["subscription.activated"]) >= 2
    thresholds = sorted(r.event["data"]["threshold"] for r in by_type["entitlement.limit_reached"])
    assert thresholds == [80, 100]  # once each


async def test_every_event_type_arrives_signed_and_as_the_api_shows_it(
        busy_platform: RunningPlatform) -> None:
    every, paid_only = Receiver(), Receiver()
    await every.start()
    await paid_only.start()
    try:
        org = await signup(busy_platform.url)
        secret = (await endpoint(org, every.url))["secret"]
        narrow = await endpoint(org, paid_only.url, ("invoice.paid",))
        ids = await cause_every_event(org, every)

        async def all_types_arrived() -> set[str] | None:
            seen = set(every.types())
            return seen if seen >= EVERY_TYPE else None

        await eventually(all_types_arrived, timeout=120)
        check_signatures_and_shape(every, secret)
        await check_objects_are_as_the_api_returns_them(org.session, every, ids)
        assert set(paid_only.types()) == {"invoice.paid"}
        paid_only.received[0].verify(narrow["secret"])
        log = (await org.session.get(f"/api/v1/webhook-endpoints/{narrow['id']}/deliveries")).body
        assert [d["event_type"] for d in log["data"]] == ["invoice.paid"]
        assert log["data"][0]["status"] == "succeeded"
        assert log["data"][0]["attempts"][0]["status_code"] == 200
        one = (await org.session.get(f"/api/v1/webhook-endpoints/{narrow['id']}/deliveries/"
                                     f"{log['data'][0]['id']}")).body
        assert one["payload"] == paid_only.received[0].event
    finally:
        await every.stop()
        await paid_only.stop()
