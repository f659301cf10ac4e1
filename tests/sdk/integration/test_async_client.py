"""The asyncio client: the same resources, awaited, against the real platform."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fluxrate import AsyncFluxrate, NotFoundError
from fluxrate.models import Meter
from tests.sdk.support import around_now


async def test_every_resource_answers_when_awaited_on_the_async_client(aclient: AsyncFluxrate) -> None:
    meter = await aclient.meters.create(name="api_calls", aggregation="SUM")
    assert isinstance(meter, Meter)
    assert (await aclient.meters.retrieve(str(meter.id))).id == meter.id
    await aclient.meters.update(str(meter.id), unit="call")
    feature = await aclient.features.create(name="api_calls", type="METER", meter_id=str(meter.id),
                                            limit=5, reset_period="month")
    plan = await aclient.plans.create(name="Pro", type="USAGE", interval="month", currency="USD",
                                      features=[{"feature_id": str(feature.id)}])
    await aclient.charges.create(str(plan.id), type="USAGE", meter_id=str(meter.id),
                                 unit_price="0.5")
    assert len((await aclient.plans.retrieve(str(plan.id))).charges) == 1
    customer = await aclient.customers.upsert("user_async", name="Ada")
    sub = await aclient.subscriptions.create(customer_id=str(customer.id), plan_id=str(plan.id),
                                             start_date=date.today())
    assert (await aclient.subscriptions.pause(str(sub.id))).status == "PAUSED"
    assert (await aclient.subscriptions.resume(str(sub.id))).status == "ACTIVE"
    accepted = await aclient.usage.track(meter_token=str(meter.meter_token),
                                         customer_external_id="user_async", quantity=3)
    assert accepted.status == "accepted"
    assert (await aclient.usage.batch([{"meter_name": "api_calls", "quantity": 1,
                                        "customer_external_id": "user_async"}])).accepted == 1
    entitlement = await aclient.entitlements.check(customer_external_id="user_async",
                                                   feature="api_calls")
    assert entitlement.allowed and Decimal(entitlement.limit) == 5
    assert len(await aclient.entitlements.list(customer_id=str(customer.id))) == 1
    usage = await aclient.usage.get(customer_id=str(customer.id), **around_now())
    assert usage.customer_id == customer.id
    assert [m.name async for m in aclient.meters.list(limit=1)] == ["api_calls"]
    assert len(await aclient.subscriptions.list().to_list()) == 1
    assert await aclient.invoices.list().to_list() == []
    with pytest.raises(NotFoundError):
        await aclient.invoices.retrieve("0190a000-0000-7000-8000-000000000000")


async def test_the_async_tracker_flushes_on_exit(aclient: AsyncFluxrate) -> None:
    meter = await aclient.meters.create(name="calls", aggregation="SUM")
    await aclient.customers.upsert("a1")
    async with aclient.usage.tracker(flush_interval=0.05) as tracker:
        for _ in range(3000):
            await tracker.track(meter_token=str(meter.meter_token), customer_external_id="a1",
                                quantity=1)
    assert tracker.stats.accepted == 3000 and tracker.stats.batches >= 3
    assert tracker.stats.failed == tracker.stats.rejected == 0
