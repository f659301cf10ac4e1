from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from fluxrate_catalog.features.domain import Feature, FeatureType, ResetPeriod
from fluxrate_catalog.meters.domain import Aggregation, FilterOperator, Meter, MeterFilter
from fluxrate_catalog.plans.domain import Charge, Interval, Plan, PlanType
from fluxrate_catalog.shared.domain import Status
from fluxrate_common.errors import Conflict, ValidationFailed
from fluxrate_common.pricing import ChargeTerms

NOW = datetime(2026, 1, 1, tzinfo=UTC)
LATER = datetime(2026, 2, 1, tzinfo=UTC)


def meter() -> Meter:
    return Meter(uuid4(), uuid4(), "api_calls", uuid4(), Aggregation.SUM, "quantity",
                 (MeterFilter("region", FilterOperator.EQ, "eu"),), "call", None, Status.ACTIVE,
                 NOW, NOW)


def charge(kind: str) -> Charge:
    return Charge(uuid4(), ChargeTerms(kind, Decimal(1)), uuid4() if kind == "USAGE" else None,
                  kind, Status.ACTIVE, NOW, NOW)


def plan(kind: PlanType) -> Plan:
    return Plan(uuid4(), uuid4(), "Pro", None, kind, Interval.MONTH, "USD", (), (), Status.ACTIVE,
                NOW, NOW)


@pytest.mark.parametrize(("changes", "field"), [
    ({"aggregation": Aggregation.MAX}, "aggregation"),
    ({"property": "tokens"}, "property"),
    ({"filters": ()}, "filters"),
])
def test_changing_how_a_meter_counts_is_refused(changes: dict, field: str) -> None:
    with pytest.raises(Conflict) as error:
        meter().update(changes, LATER)
    assert error.value.field == field and "already billed" in error.value.message


def test_meter_edits_that_do_not_change_counting_bump_the_version() -> None:
    original = meter()
    updated = original.update({"aggregation": Aggregation.SUM, "description": "calls",
                               "status": Status.INACTIVE}, LATER)
    assert (updated.version, updated.description, updated.status) == (2, "calls", Status.INACTIVE)
    assert updated.updated_at == LATER and updated.meter_token == original.meter_token


@pytest.mark.parametrize(("plan_type", "charge_type", "allowed"), [
    (PlanType.FIXED, "FIXED", True), (PlanType.FIXED, "USAGE", False),
    (PlanType.USAGE, "USAGE", True), (PlanType.USAGE, "FIXED", False),
    (PlanType.HYBRID, "FIXED", True), (PlanType.HYBRID, "USAGE", True),
])
def test_plan_type_decides_which_charges_it_takes(plan_type: PlanType, charge_type: str,
                                                  allowed: bool) -> None:
    if allowed:
        assert len(plan(plan_type).add_charge(charge(charge_type), LATER).charges) == 1
    else:
        with pytest.raises(ValidationFailed) as error:
            plan(plan_type).add_charge(charge(charge_type), LATER)
        assert error.value.field == "type"


@pytest.mark.parametrize(("start", "target", "ok"), [
    (Status.ACTIVE, Status.INACTIVE, True),
    (Status.ACTIVE, Status.ACTIVE, True),
    (Status.INACTIVE, Status.INACTIVE, True),
    (Status.INACTIVE, Status.ACTIVE, False),
])
def test_charge_status_only_moves_active_to_inactive(start: Status, target: Status, ok: bool) -> None:
    the_charge = charge("USAGE")
    hybrid = plan(PlanType.HYBRID).add_charge(the_charge, NOW)
    hybrid = hybrid.update_charge(the_charge.id, {"status": start}, NOW)
    if ok:
        assert hybrid.update_charge(the_charge.id, {"status": target}, LATER).charge(
            the_charge.id).status == target
    else:
        with pytest.raises(Conflict):
            hybrid.update_charge(the_charge.id, {"status": target}, LATER)


def test_a_plan_cannot_change_to_a_type_its_charges_do_not_fit() -> None:
    hybrid = plan(PlanType.HYBRID).add_charge(charge("USAGE"), NOW)
    with pytest.raises(Conflict):
        hybrid.update({"type": PlanType.FIXED}, LATER)
    assert hybrid.update({"type": PlanType.USAGE}, LATER).type == PlanType.USAGE
    with pytest.raises(Conflict):
        hybrid.update({"currency": "EUR"}, LATER)


@pytest.mark.parametrize(("kind", "meter_id", "limit", "reset", "value", "field"), [
    (FeatureType.METER, None, None, ResetPeriod.MONTH, None, "meter_id"),
    (FeatureType.METER, uuid4(), Decimal(-1), ResetPeriod.MONTH, None, "limit"),
    (FeatureType.SWITCH, None, None, None, "yes", "value"),
    (FeatureType.SWITCH, uuid4(), None, None, True, "meter_id"),
    (FeatureType.CUSTOM, None, None, None, None, "value"),
    (FeatureType.CUSTOM, None, None, ResetPeriod.DAY, 5, "reset_period"),
])
def test_a_feature_refuses_the_fields_its_type_does_not_take(kind: FeatureType, meter_id, limit, reset, value,
                                                             field: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        Feature(uuid4(), uuid4(), "f", None, kind, meter_id, limit, reset, value, Status.ACTIVE,
                NOW, NOW)
    assert error.value.field == field
