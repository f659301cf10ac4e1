"""Request and response bodies of the features API (field names follow the seeds)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from fluxrate_catalog.features.commands import DefineFeature
from fluxrate_catalog.features.domain import FeatureType, ResetPeriod
from fluxrate_catalog.meters.schemas import MeterIn, MeterOut
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.schemas import Description, Name, Scalar
from fluxrate_common.bounds import Limit
from fluxrate_common.http.validation import RequestModel


def _inline_meter(meter: MeterIn | None, info: ValidationInfo) -> MeterIn | None:
    if meter is not None and info.data.get("meter_id") is not None:
        raise ValueError("give meter_id (an existing meter) or meter (a new one), not both")
    if meter is not None and info.data.get("type") not in (None, FeatureType.METER):
        raise ValueError("is only for METER features")
    return meter


class FeatureIn(RequestModel):
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


class FeaturePatch(RequestModel):
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
