"""Features: what a plan unlocks — a metered allowance, an on/off switch, or a custom value."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from fluxrate_catalog.shared.domain import Status, refuse_change
from fluxrate_common.errors import invalid


class FeatureType(StrEnum):
    METER = "METER"
    SWITCH = "SWITCH"
    CUSTOM = "CUSTOM"


class ResetPeriod(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    NEVER = "never"


@dataclass(frozen=True)
class Feature:
    id: UUID
    org_id: UUID
    name: str
    description: str | None
    type: FeatureType
    meter_id: UUID | None
    limit: Decimal | None  # METER: the default allowance per reset period; None = unlimited
    reset_period: ResetPeriod | None
    value: Any  # SWITCH: bool; CUSTOM: text or number
    status: Status
    created_at: datetime
    updated_at: datetime
    version: int = 1

    def __post_init__(self) -> None:
        check_feature_shape(self.type, self.meter_id, self.limit, self.reset_period, self.value)

    def update(self, changes: dict[str, Any], now: datetime) -> Feature:
        for field in ("type", "meter_id"):
            if field in changes and changes[field] != getattr(self, field):
                raise refuse_change(field, "create a new feature instead")
        editable = {k: v for k, v in changes.items()
                    if k in ("name", "description", "limit", "reset_period", "value", "status")}
        return replace(self, **editable, updated_at=now, version=self.version + 1)

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "name": self.name, "description": self.description,
            "type": self.type.value, "meter_id": str(self.meter_id) if self.meter_id else None,
            "limit": self.limit, "reset_period": self.reset_period.value if self.reset_period else None,
            "value": self.value, "status": self.status.value, "created_at": self.created_at,
            "updated_at": self.updated_at, "version": self.version,
        }


def check_feature_shape(type: FeatureType, meter_id: UUID | None, limit: Decimal | None,
                        reset_period: ResetPeriod | None, value: Any) -> None:
    if type == FeatureType.METER:
        if meter_id is None:
            raise invalid("meter_id", "is required for METER features")
        if limit is not None and limit < 0:
            raise invalid("limit", "must not be negative")
        if value is not None:
            raise invalid("value", "is only for SWITCH and CUSTOM features")
        return
    for field, given in (("meter_id", meter_id), ("limit", limit), ("reset_period", reset_period)):
        if given is not None:
            raise invalid(field, "is only for METER features")
    if type == FeatureType.SWITCH and not isinstance(value, bool):
        raise invalid("value", "must be true or false for SWITCH features")
    if type == FeatureType.CUSTOM and (value is None or isinstance(value, bool)):
        raise invalid("value", "is required for CUSTOM features: text or a number")
