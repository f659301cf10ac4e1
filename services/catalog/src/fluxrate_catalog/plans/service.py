"""The plans' use cases: plans, their entitlements and their charges, and pricing a drafted
charge with the code that prices invoices."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_catalog.meters.service import MeterService
from fluxrate_catalog.plans import repository as repo
from fluxrate_catalog.plans.commands import AddCharge, DefinePlan, PreviewCharge
from fluxrate_catalog.plans.domain import Charge, Plan
from fluxrate_catalog.plans.plan_features import check_plan_features
from fluxrate_catalog.shared.commands import Changes, Listing
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.repository import DB
from fluxrate_catalog.shared.service import UseCases
from fluxrate_common.errors import NotFound, invalid
from fluxrate_common.events import EventType, new_id
from fluxrate_common.events.catalog import (
    PLAN_CHARGE_ADDED,
    PLAN_CHARGE_UPDATED,
    PLAN_CREATED,
    PLAN_UPDATED,
)
from fluxrate_common.http.pagination import page
from fluxrate_common.pricing import ChargeTerms, PricingError, Rating, rate, validate_terms


class PlanService(UseCases):
    def __init__(self, pool: asyncpg.Pool, namespace: str, meters: MeterService) -> None:
        super().__init__(pool, namespace)
        self._meters = meters

    async def create(self, org_id: UUID, command: DefinePlan, now: datetime) -> Plan:
        async with self._pool.acquire() as conn, conn.transaction():
            features = await check_plan_features(conn, org_id, command.features)
            plan = Plan(new_id(), org_id, command.name, command.description, command.type,
                        command.interval, command.currency, features, (), Status.ACTIVE, now, now)
            await repo.save_plan(conn, plan, new=True)
            await self._record(conn, PLAN_CREATED, org_id, plan, now)
        return plan

    async def update(self, org_id: UUID, plan_id: UUID, changes: Changes, now: datetime) -> Plan:
        async with self._pool.acquire() as conn, conn.transaction():
            plan = await self.get(org_id, plan_id, conn, lock=True)
            if "features" in changes:
                changes["features"] = await check_plan_features(conn, org_id, changes["features"])
            updated = plan.update(changes, now)
            await self._save(conn, updated, PLAN_UPDATED, now)
        return updated

    async def add_charge(self, org_id: UUID, plan_id: UUID, command: AddCharge,
                         now: datetime) -> Charge:
        async with self._pool.acquire() as conn, conn.transaction():
            plan = await self.get(org_id, plan_id, conn, lock=True)
            charge = await self._new_charge(conn, plan, command, now)
            await self._save(conn, plan.add_charge(charge, now), PLAN_CHARGE_ADDED, now)
        return charge

    async def update_charge(self, org_id: UUID, plan_id: UUID, charge_id: UUID,
                            changes: Changes, now: datetime) -> Charge:
        async with self._pool.acquire() as conn, conn.transaction():
            plan = await self.get(org_id, plan_id, conn, lock=True)
            updated = plan.update_charge(charge_id, changes, now)
            if updated.charge(charge_id) != plan.charge(charge_id):
                await self._save(conn, updated, PLAN_CHARGE_UPDATED, now)
        return updated.charge(charge_id)

    async def _save(self, conn: asyncpg.Connection, plan: Plan, event_type: EventType,
                    now: datetime) -> None:
        await repo.save_plan(conn, plan, new=False)
        await self._record(conn, event_type, plan.org_id, plan, now)

    async def get(self, org_id: UUID, plan_id: UUID, conn: DB | None = None,
                  lock: bool = False) -> Plan:
        plan = await repo.plan(conn or self._pool, org_id, plan_id, lock=lock)
        if plan is None:
            raise NotFound("plan")
        return plan

    async def list(self, org_id: UUID, listing: Listing) -> dict[str, Any]:
        rows = await repo.plans(self._pool, org_id, listing.limit, listing.after, listing.status)
        return page(rows, listing.limit, key=lambda p: (p.created_at, p.id))

    async def preview_charge(self, org_id: UUID, plan_id: UUID,
                             command: PreviewCharge) -> tuple[str, Rating]:
        """Price a quantity with a drafted charge in the plan's currency: the invoices' code."""
        plan = await self.get(org_id, plan_id)
        _check_terms(command.terms, plan.currency)
        try:
            return plan.currency, rate(command.terms, command.quantity, plan.currency)
        except PricingError as error:
            raise invalid(error.field, str(error)) from None

    async def _new_charge(self, conn: asyncpg.Connection, plan: Plan, command: AddCharge,
                          now: datetime) -> Charge:
        meter, meter_id = None, command.meter_id
        if command.terms.type == "USAGE":
            if meter_id is None:
                raise invalid("meter_id", "is required for USAGE charges")
            meter = await self._meters.usable(conn, plan.org_id, meter_id)
        elif meter_id is not None:
            raise invalid("meter_id", "is only for USAGE charges")
        _check_terms(command.terms, plan.currency)
        name = command.display_name or (
            meter.name if meter else f"{plan.name} ({plan.interval.value})")
        return Charge(new_id(), command.terms, meter_id, name, Status.ACTIVE, now, now)


def _check_terms(terms: ChargeTerms, currency: str) -> None:
    try:
        validate_terms(terms, currency)
    except PricingError as error:
        raise invalid(error.field, str(error)) from None
