"""Request and response bodies of the plans and charges API (field names follow the seeds)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import AliasChoices, BaseModel, Field

from fluxrate_catalog.plans.commands import AddCharge, DefinePlan, PreviewCharge
from fluxrate_catalog.plans.domain import Interval, PlanFeature, PlanType
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.schemas import Description, Name, Scalar
from fluxrate_common.bounds import Limit, MeterValue, PackageSize, Price, TierBound
from fluxrate_common.http.validation import RequestModel
from fluxrate_common.money import Currency
from fluxrate_common.pricing import ChargeTerms, terms_from_snapshot
from fluxrate_common.pricing.schemas import PackageLineOut, TierLineOut


class PlanFeatureIn(RequestModel):
    feature_id: UUID
    limit: Limit | None = None
    value: Scalar | None = None

    def to_domain(self) -> PlanFeature:
        return PlanFeature(self.feature_id, self.limit, self.value)


class PlanIn(RequestModel):
    name: Name
    description: Description | None = None
    type: PlanType
    interval: Interval
    currency: Currency
    features: list[PlanFeatureIn] = Field(default_factory=list, max_length=100)

    def command(self) -> DefinePlan:
        return DefinePlan(self.name, self.type, self.interval, self.currency, self.description,
                          tuple(f.to_domain() for f in self.features))


class PlanPatch(RequestModel):
    name: Name | None = None
    description: Description | None = None
    type: PlanType | None = None
    interval: Interval | None = None
    currency: Currency | None = None
    features: list[PlanFeatureIn] | None = Field(None, max_length=100)
    status: Status | None = None


class TierIn(RequestModel):
    up_to: TierBound | None
    unit_price: Price
    flat_fee: Price = Decimal(0)


class ChargeTermsIn(RequestModel):
    """A charge's price, in one pricing model: per unit (`unit_price`), tiered (`tier_mode`
    and `tiers`) or by package (`package_size`, `unit_price` per package, `free_units`)."""

    type: Literal["FIXED", "USAGE"]
    unit_price: Price | None = Field(None, description=(
        "FIXED: the amount per period; USAGE: the price of one unit, or of one package"))
    tier_mode: Literal["graduated", "volume"] | None = Field(
        None, validation_alias=AliasChoices("tier_mode", "mode"))
    tiers: list[TierIn] = Field(default_factory=list, max_length=50)
    package_size: PackageSize | None = Field(None, description=(
        "Package pricing: units in one package; usage is billed in whole packages, rounded up"))
    free_units: Limit | None = Field(None, description=(
        "Package pricing: units free of charge before the first package counts"))

    def terms(self) -> ChargeTerms:
        return terms_from_snapshot(self.model_dump())


class ChargeIn(ChargeTermsIn):
    meter_id: UUID | None = None
    display_name: Name | None = None

    def command(self) -> AddCharge:
        return AddCharge(self.terms(), self.meter_id, self.display_name)


class ChargePatch(RequestModel):
    status: Status | None = None
    display_name: Name | None = None


class TierOut(BaseModel):
    up_to: Decimal | None
    unit_price: Decimal
    flat_fee: Decimal


class ChargeOut(BaseModel):
    id: UUID
    type: str
    unit_price: Decimal | None
    meter_id: UUID | None
    display_name: str
    tier_mode: str | None
    tiers: list[TierOut]
    package_size: int | None
    free_units: Decimal | None
    status: Status
    created_at: datetime
    updated_at: datetime


class PlanOut(BaseModel):
    id: UUID
    name: str
    description: str | None
    type: PlanType
    interval: Interval
    currency: str
    features: list[dict[str, Any]]
    charges: list[ChargeOut]
    status: Status
    created_at: datetime
    updated_at: datetime


class PlanQuery(RequestModel):
    include_inactive: bool = Field(False, description="Include deactivated charges too")


class ChargePreviewIn(ChargeTermsIn):
    """A charge as drafted in an editor, and the quantity to price with it."""

    quantity: MeterValue

    def command(self) -> PreviewCharge:
        return PreviewCharge(self.terms(), self.quantity)


class ChargePreviewOut(BaseModel):
    currency: str
    quantity: Decimal
    unit_price: Decimal | None
    amount: Decimal
    tiers: list[TierLineOut]
    packages: PackageLineOut | None = Field(None, description=(
        "Package pricing: how the quantity fills packages (absent for other pricing models)"))
