"""Meters, features, plans, charges and customers through the blocking client, against the real
platform: typed answers, cursor-following lists, typed errors carrying the API's envelope."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fluxrate import (
    APIError,
    AuthenticationError,
    ConflictError,
    Fluxrate,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from fluxrate.models import Charge, Customer, Feature, Meter, Plan
from tests.sdk.support import SdkOrg


def test_meters_create_retrieve_update_and_list_every_page(client: Fluxrate) -> None:
    created = [client.meters.create(name=f"m{i}", aggregation="SUM", unit="call") for i in range(5)]
    meter = created[0]
    assert isinstance(meter, Meter) and meter.meter_token and meter.status == "ACTIVE"
    assert client.meters.retrieve(str(meter.id)).meter_name == "m0"
    updated = client.meters.update(str(meter.id), description="calls to the API")
    assert updated.description == "calls to the API"
    listed = client.meters.list(limit=2).to_list()  # three pages of at most two
    assert sorted(m.name for m in listed) == [f"m{i}" for i in range(5)]
    client.meters.update(str(created[1].id), status="INACTIVE")
    assert [m.name for m in client.meters.list(status="INACTIVE")] == ["m1"]


def test_features_plans_and_charges(client: Fluxrate) -> None:
    meter = client.meters.create(name="api_calls", aggregation="SUM")
    feature = client.features.create(name="api_calls", type="METER", meter_id=str(meter.id),
                                     limit=1000, reset_period="month")
    assert isinstance(feature, Feature) and Decimal(feature.limit) == 1000
    assert client.features.retrieve(str(feature.id)).name == "api_calls"
    assert client.features.update(str(feature.id), limit=2000).limit == "2000"
    assert [f.id for f in client.features.list()] == [feature.id]

    plan = client.plans.create(name="Pro", type="HYBRID", interval="month", currency="USD",
                               features=[{"feature_id": str(feature.id)}])
    assert isinstance(plan, Plan) and plan.charges == []
    fixed = client.charges.create(str(plan.id), type="FIXED", unit_price=Decimal("99.00"),
                                  display_name="Base fee")
    usage = client.charges.create(str(plan.id), type="USAGE", meter_id=str(meter.id),
                                  tier_mode="graduated", tiers=[
                                      {"up_to": 1000, "unit_price": "0"},
                                      {"up_to": None, "unit_price": "0.001"}])
    assert isinstance(fixed, Charge) and Decimal(fixed.unit_price) == Decimal("99")
    assert client.charges.update(str(plan.id), str(fixed.id), status="INACTIVE").status == "INACTIVE"
    assert [c.id for c in client.plans.retrieve(str(plan.id)).charges] == [usage.id]
    everything = client.plans.retrieve(str(plan.id), include_inactive=True)
    assert {c.id for c in everything.charges} == {fixed.id, usage.id}
    assert client.plans.update(str(plan.id), description="For teams").description == "For teams"
    assert [p.name for p in client.plans.list()] == ["Pro"]


def test_a_charge_priced_by_package(client: Fluxrate) -> None:
    meter = client.meters.create(name="storage_gb", aggregation="MAX")
    plan = client.plans.create(name="Storage", type="USAGE", interval="month", currency="EUR")
    charge = client.charges.create(str(plan.id), type="USAGE", meter_id=str(meter.id),
                                   package_size=100, unit_price="5.00", free_units=50)
    assert (charge.package_size, Decimal(charge.free_units)) == (100, Decimal(50))
    assert client.plans.retrieve(str(plan.id)).charges[0].package_size == 100
    with pytest.raises(UnprocessableEntityError) as refused:
        client.charges.create(str(plan.id), type="USAGE", meter_id=str(meter.id),
                              package_size=0, unit_price="5.00")
    assert refused.value.field == "package_size"


def test_customers_upsert_is_realtime_sync(client: Fluxrate) -> None:
    first = client.customers.upsert("user_123", name="Jane Doe", email="jane@example.com")
    again = client.customers.upsert("user_123", email="jane@new.example.com")
    assert isinstance(again, Customer) and again.id == first.id
    assert again.name == "Jane Doe" and again.email == "jane@new.example.com"
    other = client.customers.create(external_id="user/with spaces", metadata={"tier": "gold"})
    assert client.customers.retrieve(str(other.id)).external_id == "user/with spaces"
    assert client.customers.upsert("user/with spaces", name="Slashes").id == other.id
    assert client.customers.update(str(first.id), tax_id="DE123").tax_id == "DE123"
    assert [c.id for c in client.customers.list(external_id="user_123")] == [first.id]
    assert {c.id for c in client.customers.list(limit=1)} == {first.id, other.id}


def test_errors_are_typed_and_carry_the_api_envelope(client: Fluxrate, sdk_org: SdkOrg) -> None:
    with pytest.raises(NotFoundError) as missing:
        client.meters.retrieve("0190a000-0000-7000-8000-000000000000")
    assert missing.value.status_code == 404 and missing.value.type == "not_found"
    with pytest.raises(UnprocessableEntityError) as invalid:
        client.meters.create(name="bad", aggregation="MEDIAN")
    assert invalid.value.field == "aggregation" and invalid.value.code and invalid.value.message
    client.customers.create(external_id="twice")
    with pytest.raises(ConflictError) as conflict:
        client.customers.create(external_id="twice")
    assert isinstance(conflict.value, APIError) and conflict.value.status_code == 409
    with Fluxrate(api_key="org_live_not-a-key", base_url=sdk_org.url) as stranger, \
            pytest.raises(AuthenticationError) as refused:
        stranger.meters.list().to_list()
    assert refused.value.status_code == 401


async def test_a_read_only_key_cannot_write(sdk_org: SdkOrg) -> None:
    read_only = await sdk_org.org.api_key("read")
    with Fluxrate(api_key=read_only, base_url=sdk_org.url) as reader:
        assert reader.meters.list().to_list() == []
        with pytest.raises(PermissionDeniedError) as denied:
            reader.meters.create(name="nope", aggregation="SUM")
    assert denied.value.status_code == 403 and denied.value.code
