"""What the catalog's use cases take: plain values, whatever the request looked like."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from fluxrate_catalog.domain.common import Status
from fluxrate_catalog.domain.features import FeatureType, ResetPeriod
from fluxrate_catalog.domain.meters import Aggregation, MeterFilter
from fluxrate_catalog.domain.plans import Interval, PlanFeature, PlanType
from fluxrate_common.pricing import ChargeTerms

Changes = dict[str, Any]  # the fields a PATCH named, as domain values


@dataclass(frozen=True)
class Listing:
    limit: int
    after: tuple[datetime, UUID] | None  # the last (created_at, id) of the page before
    status: Status | None = None


@dataclass(frozen=True)
class DefineMeter:
    name: str
    aggregation: Aggregation
    property: str = "quantity"
    filters: tuple[MeterFilter, ...] = ()
    unit: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class DefineFeature:
    name: str
    type: FeatureType
    description: str | None = None
    meter_id: UUID | None = None
    new_meter: DefineMeter | None = None  # made with the feature, instead of meter_id
    limit: Decimal | None = None
    reset_period: ResetPeriod | None = None
    value: Any = None


@dataclass(frozen=True)
class DefinePlan:
    name: str
    type: PlanType
    interval: Interval
    currency: str
    description: str | None = None
    features: tuple[PlanFeature, ...] = ()


@dataclass(frozen=True)
class AddCharge:
    terms: ChargeTerms
    meter_id: UUID | None = None
    display_name: str | None = None


@dataclass(frozen=True)
class PreviewCharge:
    terms: ChargeTerms
    quantity: Decimal
