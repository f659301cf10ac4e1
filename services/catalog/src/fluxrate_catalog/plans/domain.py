"""Plans and their charges. A plan's type decides which charges it takes; a charge only ever
moves ACTIVE -> INACTIVE."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from fluxrate_catalog.shared.domain import Status, refuse_change
from fluxrate_common.errors import Conflict, NotFound, ValidationFailed
from fluxrate_common.pricing import ChargeTerms, terms_snapshot


class PlanType(StrEnum):
    FIXED = "FIXED"
    USAGE = "USAGE"
    HYBRID = "HYBRID"


class Interval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


ALLOWED_CHARGES = {PlanType.FIXED: {"FIXED"}, PlanType.USAGE: {"USAGE"},
                   PlanType.HYBRID: {"FIXED", "USAGE"}}


@dataclass(frozen=True)
class Charge:
    id: UUID
    terms: ChargeTerms  # its type and price, in whichever pricing model
    meter_id: UUID | None
    display_name: str
    status: Status
    created_at: datetime
    updated_at: datetime

    @property
    def type(self) -> str:
        return self.terms.type

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": str(self.id), **terms_snapshot(self.terms),
            "meter_id": str(self.meter_id) if self.meter_id else None,
            "display_name": self.display_name,
            "status": self.status.value, "created_at": self.created_at, "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class PlanFeature:
    feature_id: UUID
    limit: Decimal | None = None  # None: the feature's own default
    value: Any = None

    def snapshot(self) -> dict[str, Any]:
        return {"feature_id": str(self.feature_id), "limit": self.limit, "value": self.value}


@dataclass(frozen=True)
class Plan:
    id: UUID
    org_id: UUID
    name: str
    description: str | None
    type: PlanType
    interval: Interval
    currency: str
    features: tuple[PlanFeature, ...]
    charges: tuple[Charge, ...]
    status: Status
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def active_charges(self) -> tuple[Charge, ...]:
        return tuple(c for c in self.charges if c.status == Status.ACTIVE)

    def add_charge(self, charge: Charge, now: datetime) -> Plan:
        if charge.type not in ALLOWED_CHARGES[self.type]:
            raise ValidationFailed(
                "charge_type_not_allowed",
                f"type: a {self.type.value} plan takes only "
                f"{' and '.join(sorted(ALLOWED_CHARGES[self.type]))} charges", field="type")
        return self._bumped(now, charges=(*self.charges, charge))

    def update_charge(self, charge_id: UUID, changes: dict[str, Any], now: datetime) -> Plan:
        charge = self.charge(charge_id)
        status = changes.get("status", charge.status)
        if status != charge.status and status == Status.ACTIVE:
            raise Conflict("charge_transition_not_allowed",
                           "an INACTIVE charge cannot be reactivated; create a new charge",
                           field="status")
        updated = replace(charge, status=status,
                          display_name=changes.get("display_name", charge.display_name),
                          updated_at=now)
        charges = tuple(updated if c.id == charge_id else c for c in self.charges)
        return self._bumped(now, charges=charges)

    def charge(self, charge_id: UUID) -> Charge:
        for charge in self.charges:
            if charge.id == charge_id:
                return charge
        raise NotFound("charge")

    def update(self, changes: dict[str, Any], now: datetime) -> Plan:
        for field in ("interval", "currency"):
            if field in changes and changes[field] != getattr(self, field):
                raise refuse_change(field, "subscriptions are billed in it; create a new plan")
        new_type = changes.get("type", self.type)
        kinds = {c.type for c in self.active_charges}
        if not kinds <= ALLOWED_CHARGES[new_type]:
            raise Conflict("plan_type_conflicts_with_charges",
                           f"a {new_type.value} plan cannot keep its active "
                           f"{' and '.join(sorted(kinds))} charges", field="type")
        editable = {k: v for k, v in changes.items()
                    if k in ("name", "description", "type", "features", "status")}
        return self._bumped(now, **editable)

    def _bumped(self, now: datetime, **changes: Any) -> Plan:
        return replace(self, **changes, updated_at=now, version=self.version + 1)

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "name": self.name, "description": self.description,
            "type": self.type.value, "interval": self.interval.value, "currency": self.currency,
            "features": [f.snapshot() for f in self.features],
            "charges": [c.snapshot() for c in self.charges], "status": self.status.value,
            "created_at": self.created_at, "updated_at": self.updated_at, "version": self.version,
        }
