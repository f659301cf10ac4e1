"""Meters: what to measure, which event property to read, how to aggregate, which events count."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from fluxrate_catalog.shared.domain import Status, refuse_change
from fluxrate_common.aggregations import Aggregation

__all__ = ["Aggregation", "FilterOperator", "Meter", "MeterFilter"]
Scalar = str | int | bool | float


class FilterOperator(StrEnum):
    EQ = "eq"
    IN = "in"


@dataclass(frozen=True)
class MeterFilter:
    property: str
    operator: FilterOperator
    value: Any  # a scalar for eq, a list of scalars for in

    def as_dict(self) -> dict[str, Any]:
        return {"property": self.property, "operator": self.operator.value, "value": self.value}


# How usage already recorded is counted; changing any of them would change billed usage.
COUNTING_FIELDS = ("aggregation", "property", "filters")
COUNTING_REASON = ("it decides how recorded usage is counted, so changing it would change "
                   "usage already billed; create a new meter instead")


@dataclass(frozen=True)
class Meter:
    id: UUID
    org_id: UUID
    name: str
    meter_token: UUID
    aggregation: Aggregation
    property: str
    filters: tuple[MeterFilter, ...]
    unit: str | None
    description: str | None
    status: Status
    created_at: datetime
    updated_at: datetime
    version: int = 1

    def update(self, changes: dict[str, Any], now: datetime) -> Meter:
        for field in COUNTING_FIELDS:
            if field in changes and changes[field] != getattr(self, field):
                raise refuse_change(field, COUNTING_REASON)
        editable = {k: v for k, v in changes.items() if k in ("name", "unit", "description", "status")}
        return replace(self, **editable, updated_at=now, version=self.version + 1)

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "name": self.name, "meter_name": self.name,
            "meter_token": str(self.meter_token), "aggregation": self.aggregation.value,
            "property": self.property, "filters": [f.as_dict() for f in self.filters],
            "unit": self.unit, "description": self.description, "status": self.status.value,
            "created_at": self.created_at, "updated_at": self.updated_at, "version": self.version,
        }
