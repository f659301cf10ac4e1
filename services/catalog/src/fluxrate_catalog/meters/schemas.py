"""Request and response bodies of the meters API (field names follow the seeds)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from fluxrate_catalog.meters.commands import DefineMeter
from fluxrate_catalog.meters.domain import Aggregation, FilterOperator, MeterFilter
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.schemas import Description, Identifier, Scalar, Unit
from fluxrate_common.aggregations import DESCRIPTION as AGGREGATIONS
from fluxrate_common.http.validation import RequestModel, field_error


class FilterIn(RequestModel):
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


class MeterIn(RequestModel):
    name: Identifier = Field(description="Unique in the organisation; usage events send it as meter_name")
    aggregation: Aggregation = Field(description=AGGREGATIONS)
    unit: Unit | None = None
    description: Description | None = None
    property: Identifier = Field("quantity", description="The event property the meter reads")
    filters: list[FilterIn] = Field(default_factory=list, max_length=20)

    def command(self) -> DefineMeter:
        return DefineMeter(self.name, self.aggregation, self.property,
                           tuple(f.to_domain() for f in self.filters), self.unit, self.description)


class MeterPatch(RequestModel):
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
