"""Events the catalog publishes: meters, features and plans (with their charges), each
carrying the whole aggregate as it is after the change."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import FEATURES, METERS, PLANS


class MeterFilterData(Payload):
    property: str
    operator: Literal["eq", "in"]
    value: Any


class MeterData(Payload):
    id: UUID
    name: str
    meter_name: str
    meter_token: UUID
    aggregation: str
    property: str
    filters: list[MeterFilterData]
    unit: str | None
    description: str | None
    status: str
    created_at: datetime
    updated_at: datetime
    version: int


class FeatureData(Payload):
    id: UUID
    name: str
    description: str | None
    type: str
    meter_id: UUID | None
    limit: Decimal | None
    reset_period: str | None
    value: Any
    status: str
    created_at: datetime
    updated_at: datetime
    version: int


class TierData(Payload):
    up_to: Decimal | None
    unit_price: Decimal
    flat_fee: Decimal


class ChargeData(Payload):
    id: UUID
    type: str
    unit_price: Decimal | None
    meter_id: UUID | None
    display_name: str
    tier_mode: str | None
    tiers: list[TierData]
    package_size: int | None = None  # package pricing; absent from charges made before it
    free_units: Decimal | None = None
    status: str
    created_at: datetime
    updated_at: datetime


class PlanFeatureData(Payload):
    feature_id: UUID
    limit: Decimal | None
    value: Any


class PlanData(Payload):
    id: UUID
    name: str
    description: str | None
    type: str
    interval: str
    currency: str
    features: list[PlanFeatureData]
    charges: list[ChargeData]
    status: str
    created_at: datetime
    updated_at: datetime
    version: int


METER_CREATED = EventType("meter.created", METERS, MeterData, "A meter was defined.")
METER_UPDATED = EventType("meter.updated", METERS, MeterData,
                          "A meter was renamed, described or deactivated.")
FEATURE_CREATED = EventType("feature.created", FEATURES, FeatureData, "A feature was defined.")
FEATURE_UPDATED = EventType("feature.updated", FEATURES, FeatureData, "A feature changed.")
PLAN_CREATED = EventType("plan.created", PLANS, PlanData, "A plan was created.")
PLAN_UPDATED = EventType("plan.updated", PLANS, PlanData, "A plan's fields or features changed.")
PLAN_CHARGE_ADDED = EventType("plan.charge_added", PLANS, PlanData, "A charge was added to a plan.")
PLAN_CHARGE_UPDATED = EventType("plan.charge_updated", PLANS, PlanData,
                                "A plan's charge changed (renamed, or deactivated for good).")
