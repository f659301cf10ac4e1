"""Request and response bodies of the catalog API (field names follow the seeds)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from fluxrate_catalog.commands import (
    AddCharge,
    Changes,
    DefineFeature,
    DefineMeter,
    DefinePlan,
    Listing,
    PreviewCharge,
)
from fluxrate_catalog.domain.common import Status
from fluxrate_catalog.domain.features import FeatureType, ResetPeriod
from fluxrate_catalog.domain.meters import Aggregation, FilterOperator, MeterFilter
from fluxrate_catalog.domain.plans import Interval, PlanFeature, PlanType
from fluxrate_common.aggregations import DESCRIPTION as AGGREGATIONS
from fluxrate_common.bounds import Int64, Limit, MeterValue, PackageSize, Price, Text, TierBound
from fluxrate_common.errors import invalid
from fluxrate_common.http.pagination import decode_time_id_cursor
from fluxrate_common.http.validation import field_error
from fluxrate_common.money import Currency
from fluxrate_common.pricing import ChargeTerms, terms_from_snapshot
from fluxrate_common.pricing.schemas import PackageLineOut, TierLineOut

Identifier = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
Name = Text(200, min_length=1)
Description = Text(2000)
Unit = Text(50)
Scalar = bool | Int64 | MeterValue | Text(500)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FilterIn(Strict):
    property: Identifier
    operator: Literal["eq", "in"]
    value: Scalar | Annotated[list[Scalar], Field(max_length=100)]

    @model_validator(mode="after")
    def _value_fits_operator(self) -> FilterIn:
        if self.operator == "eq" and isinstance(self.value, list):
            raise field_error("value", "must be a single value for operator eq")
        if self.operator == "in" and (not isinstance(self.value, list) or not self.value):
            raise field_error("value", "must be a non-empty list for operator in")
        return self

    def to_domain(self) -> MeterFilter:
        return MeterFilter(self.property, FilterOperator(self.operator), self.value)


class MeterIn(Strict):
    name: Identifier = Field(description="Unique in the organisation; usage events send it as meter_name")
    aggregation: Aggregation = Field(description=AGGREGATIONS)
    unit: Unit | None = None
    description: Description | None = None
    property: Identifier = Field("quantity", description="The event property the meter reads")
    filters: list[FilterIn] = Field(default_factory=list, max_length=20)

    def command(self) -> DefineMeter:
        return DefineMeter(self.name, self.aggregation, self.property,
                           tuple(f.to_domain() for f in self.filters), self.unit, self.description)


class MeterPatch(Strict):
    name: Identifier | None = None
    unit: Unit | None = None
    description: Description | None = None
    status: Status | None = None
    aggregation: Aggregation | None = None
    property: Identifier | None = None
    filters: list[FilterIn] | None = None


class MeterOut(BaseModel):
    id: UUID
    name: str
    meter_name: str
    meter_token: UUID
    aggregation: Aggregation
    property: str
    filters: list[dict[str, Any]]
    unit: str | None
    description: str | None
    status: Status
    created_at: datetime
    updated_at: datetime


def _inline_meter(meter: MeterIn | None, info: ValidationInfo) -> MeterIn | None:
    if meter is not None and info.data.get("meter_id") is not None:
        raise ValueError("give meter_id (an existing meter) or meter (a new one), not both")
    if meter is not None and info.data.get("type") not in (None, FeatureType.METER):
        raise ValueError("is only for METER features")
    return meter


class FeatureIn(Strict):
    name: Name
    description: Description | None = None
    type: FeatureType
    meter_id: UUID | None = None
    meter: MeterIn | None = Field(None, description=(
        "A new meter, created with the feature in one step (instead of meter_id)"))
    limit: Limit | None = None
    reset_period: ResetPeriod | None = None
    value: Scalar | None = None

    _one_meter = field_validator("meter")(_inline_meter)

    def command(self) -> DefineFeature:
        return DefineFeature(self.name, self.type, self.description, self.meter_id,
                             self.meter.command() if self.meter else None, self.limit,
                             self.reset_period, self.value)


class FeaturePatch(Strict):
    name: Name | None = None
    description: Description | None = None
    type: FeatureType | None = None
    meter_id: UUID | None = None
    limit: Limit | None = None
    reset_period: ResetPeriod | None = None
    value: Scalar | None = None
    status: Status | None = None


class FeatureOut(BaseModel):
    id: UUID
    name: str
    description: str | None
    type: FeatureType
    meter_id: UUID | None
    limit: Decimal | None
    reset_period: ResetPeriod | None
    value: Any
    status: Status
    created_at: datetime
    updated_at: datetime
    meter: MeterOut | None = Field(description="The meter of a METER feature, with its meter_name "
                                                "and meter_token (what usage events send)")


class PlanFeatureIn(Strict):
    feature_id: UUID
    limit: Limit | None = None
    value: Scalar | None = None

    def to_domain(self) -> PlanFeature:
        return PlanFeature(self.feature_id, self.limit, self.value)


class PlanIn(Strict):
    name: Name
    description: Description | None = None
    type: PlanType
    interval: Interval
    currency: Currency
    features: list[PlanFeatureIn] = Field(default_factory=list, max_length=100)

    def command(self) -> DefinePlan:
        return DefinePlan(self.name, self.type, self.interval, self.currency, self.description,
                          tuple(f.to_domain() for f in self.features))


class PlanPatch(Strict):
    name: Name | None = None
    description: Description | None = None
    type: PlanType | None = None
    interval: Interval | None = None
    currency: Currency | None = None
    features: list[PlanFeatureIn] | None = Field(None, max_length=100)
    status: Status | None = None


class TierIn(Strict):
    up_to: TierBound | None
    unit_price: Price
    flat_fee: Price = Decimal(0)


class ChargeTermsIn(Strict):
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


class ChargePatch(Strict):
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


class PlanQuery(Strict):
    include_inactive: bool = Field(False, description="Include deactivated charges too")


class ListQuery(Strict):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    status: Status | None = None

    def listing(self) -> Listing:
        return Listing(self.limit, decode_time_id_cursor(self.cursor), self.status)


class ChargePreviewIn(ChargeTermsIn):
    """A charge as drafted in an editor, and the quantity to price with it."""

    quantity: MeterValue

    def command(self) -> PreviewCharge:
        return PreviewCharge(self.terms(), self.quantity)


# Fields a PATCH may set to null (empty them); any other null is refused, naming the field.
NULLABLE = frozenset({"unit", "description", "limit", "reset_period", "value"})


def changes_of(patch: BaseModel) -> Changes:
    """The fields a PATCH named, as domain values (lists of entries become tuples of them)."""
    changes: Changes = {}
    for name in patch.model_fields_set:
        value = getattr(patch, name)
        if value is None and name not in NULLABLE:
            raise invalid(name, "cannot be null")
        changes[name] = tuple(item.to_domain() for item in value) if isinstance(value, list) \
            else value
    return changes


class ChargePreviewOut(BaseModel):
    currency: str
    quantity: Decimal
    unit_price: Decimal | None
    amount: Decimal
    tiers: list[TierLineOut]
    packages: PackageLineOut | None = Field(None, description=(
        "Package pricing: how the quantity fills packages (absent for other pricing models)"))
