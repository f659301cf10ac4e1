"""What the plans' use cases take."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from fluxrate_catalog.plans.domain import Interval, PlanFeature, PlanType
from fluxrate_common.pricing import ChargeTerms


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
