"""Subscriptions and their actions, entitlements with the local cache, and invoices through
their lifecycle, through the blocking client against the real platform."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from fluxrate import ConflictError, Fluxrate
from fluxrate.models import Entitlement, Invoice, Subscription, UpcomingInvoice
from tests.sdk.support import wait_for


def _daily_plan(client: Fluxrate, name: str, fee: str) -> str:
    plan = client.plans.create(name=name, type="FIXED", interval="day", currency="EUR")
    client.charges.create(str(plan.id), type="FIXED", unit_price=fee)
    return str(plan.id)


def test_subscription_lifecycle_and_its_event_log(client: Fluxrate) -> None:
    client.customers.upsert("sub_user")
    basic, pro = _daily_plan(client, "Basic", "1.00"), _daily_plan(client, "Pro", "2.00")
    sub = client.subscriptions.create(customer_external_id="sub_user", plan_id=basic,
                                      start_date=date.today())
    assert isinstance(sub, Subscription) and sub.status == "ACTIVE"
    sid = str(sub.id)
    assert client.subscriptions.retrieve(sid).current_period_end > sub.current_period_start
    assert client.subscriptions.pause(sid).status == "PAUSED"
    with pytest.raises(ConflictError) as refused:
        client.subscriptions.pause(sid)
    assert "PAUSED" in refused.value.message
    assert client.subscriptions.resume(sid).status == "ACTIVE"
    assert str(client.subscriptions.change_plan(sid, plan_id=pro).plan_id) == pro
    upcoming = client.subscriptions.upcoming_invoice(sid)
    assert isinstance(upcoming, UpcomingInvoice) and upcoming.currency == "EUR"
    assert client.subscriptions.cancel(sid, at_period_end=True).cancel_at_period_end is True
    assert [s.id for s in client.subscriptions.list(customer_id=str(sub.customer_id))] == [sub.id]
    log = client.subscriptions.events(sid, limit=2).to_list()
    assert len(log) >= 5 and [e["version"] for e in log] == sorted(e["version"] for e in log)


def test_entitlements_list_check_and_local_cache(client: Fluxrate, sdk_org) -> None:
    meter = client.meters.create(name="api_calls", aggregation="SUM")
    metered = client.features.create(name="api_calls", type="METER", meter_id=str(meter.id),
                                     limit=10, reset_period="month")
    switch = client.features.create(name="sso", type="SWITCH", value=True)
    plan = client.plans.create(name="Pro", type="USAGE", interval="month", currency="USD",
                               features=[{"feature_id": str(metered.id)},
                                         {"feature_id": str(switch.id)}])
    client.customers.upsert("ent_user")
    client.subscriptions.create(customer_external_id="ent_user", plan_id=str(plan.id))
    listed = client.entitlements.list(customer_external_id="ent_user")
    assert {e.feature for e in listed} == {"api_calls", "sso"}
    check = client.entitlements.check(customer_external_id="ent_user", feature="api_calls")
    assert isinstance(check, Entitlement) and check.allowed and Decimal(check.remaining) == 10

    cached = Fluxrate(api_key=sdk_org.key, base_url=sdk_org.url, entitlement_cache_ttl=60)
    first = cached.entitlements.check(customer_external_id="ent_user", feature="api_calls")
    client.usage.record(meter_name="api_calls", customer_external_id="ent_user", quantity=10,
                        idempotency_key="use-all")
    wait_for(lambda: not client.entitlements.check(customer_external_id="ent_user",
                                                   feature="api_calls").allowed)
    assert cached.entitlements.check(customer_external_id="ent_user", feature="api_calls") is first
    fresh = cached.entitlements.check(customer_external_id="ent_user", feature="api_calls",
                                      cache_ttl=0)
    assert not fresh.allowed and Decimal(fresh.remaining) == 0
    cached.close()


def test_invoices_finalize_pay_void_and_write_off(client: Fluxrate) -> None:
    plan = _daily_plan(client, "Daily", "3.00")
    client.customers.upsert("inv_user", email="inv@example.com")
    start = (datetime.now(UTC) - timedelta(days=3)).date()
    sub = client.subscriptions.create(customer_external_id="inv_user", plan_id=plan,
                                      start_date=start)

    def three_drafts() -> list[Invoice] | None:
        drafts = client.invoices.list(subscription_id=str(sub.id), status="DRAFT").to_list()
        return drafts if len(drafts) == 3 else None

    first, second, third = wait_for(three_drafts)
    assert isinstance(first, Invoice) and first.total == "3.00"
    assert client.invoices.retrieve(str(first.id)).id == first.id
    assert client.invoices.void(str(first.id)).status == "VOID"
    assert client.invoices.finalize(str(second.id)).status == "OPEN"
    paid = client.invoices.pay(str(second.id), amount=Decimal("3.00"), reference="wire-1")
    assert paid.status == "PAID" and paid.payment_reference == "wire-1"
    client.invoices.finalize(str(third.id))
    assert client.invoices.mark_uncollectible(str(third.id)).status == "UNCOLLECTIBLE"
    assert [i.id for i in client.invoices.list(status="PAID", limit=1)] == [second.id]
