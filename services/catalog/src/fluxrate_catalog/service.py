"""Catalog use cases. Each change commits the new state, its event (carrying the full new
state, so other services can build read models from the topic alone) and the outbox row in
one transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_catalog import plans_repository as plan_repo
from fluxrate_catalog import repository as repo
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
from fluxrate_catalog.domain.features import Feature, FeatureType, ResetPeriod
from fluxrate_catalog.domain.meters import Meter
from fluxrate_catalog.domain.plans import Charge, Plan
from fluxrate_catalog.plan_features import check_plan_features
from fluxrate_common.db.eventstore import append_events
from fluxrate_common.errors import Conflict, NotFound, invalid
from fluxrate_common.events import EventType, new_id
from fluxrate_common.events.catalog import (
    FEATURE_CREATED,
    FEATURE_UPDATED,
    METER_CREATED,
    METER_UPDATED,
    PLAN_CHARGE_ADDED,
    PLAN_CHARGE_UPDATED,
    PLAN_CREATED,
    PLAN_UPDATED,
)
from fluxrate_common.http.pagination import page
from fluxrate_common.pricing import ChargeTerms, PricingError, Rating, rate, validate_terms

DB = asyncpg.Connection | asyncpg.Pool


class CatalogService:
    def __init__(self, pool: asyncpg.Pool, namespace: str) -> None:
        self._pool = pool
        self._namespace = namespace

    async def _record(self, conn: asyncpg.Connection, event_type: EventType, org_id: UUID,
                      aggregate: Meter | Feature | Plan, now: datetime) -> None:
        event = event_type.make(org_id, now, aggregate.snapshot())
        await append_events(conn, aggregate_type=event_type.name.split(".")[0],
                            aggregate_id=aggregate.id, expected_version=aggregate.version - 1,
                            events=[event], topic=event_type.topic.name(self._namespace))

    # -- meters ----------------------------------------------------------------------------

    async def create_meter(self, org_id: UUID, command: DefineMeter, now: datetime) -> Meter:
        async with self._pool.acquire() as conn, conn.transaction():
            return await self._insert_meter(conn, org_id, command, now)

    async def _insert_meter(self, conn: asyncpg.Connection, org_id: UUID, command: DefineMeter,
                            now: datetime, name_field: str = "name") -> Meter:
        meter = Meter(new_id(), org_id, command.name, uuid.uuid4(), command.aggregation,
                      command.property, command.filters, command.unit, command.description,
                      Status.ACTIVE, now, now)
        await repo.insert_meter(conn, meter, name_field=name_field)
        await self._record(conn, METER_CREATED, org_id, meter, now)
        return meter

    async def update_meter(self, org_id: UUID, meter_id: UUID, changes: Changes,
                           now: datetime) -> Meter:
        async with self._pool.acquire() as conn, conn.transaction():
            meter = await self.meter(org_id, meter_id, conn, lock=True)
            updated = meter.update(changes, now)
            if meter.status == Status.ACTIVE and updated.status == Status.INACTIVE:
                await _refuse_if_billed(conn, meter)
            await repo.update_meter(conn, updated)
            await self._record(conn, METER_UPDATED, org_id, updated, now)
        return updated

    async def meter(self, org_id: UUID, meter_id: UUID, conn: DB | None = None,
                    lock: bool = False) -> Meter:
        meter = await repo.meter(conn or self._pool, org_id, meter_id, lock=lock)
        if meter is None:
            raise NotFound("meter")
        return meter

    async def meters(self, org_id: UUID, listing: Listing) -> dict[str, Any]:
        rows = await repo.meters(self._pool, org_id, listing.limit, listing.after, listing.status)
        return page(rows, listing.limit, key=lambda m: (m.created_at, m.id))

    async def _usable_meter(self, conn: asyncpg.Connection, org_id: UUID, meter_id: UUID) -> Meter:
        # Shared lock: a meter being deactivated meanwhile waits for this charge, and sees it.
        meter = await repo.meter(conn, org_id, meter_id, lock="share")
        if meter is None:
            raise invalid("meter_id", "no meter with this id in your organisation")
        if meter.status != Status.ACTIVE:
            raise invalid("meter_id", "the meter is INACTIVE")
        return meter

    # -- features --------------------------------------------------------------------------

    async def create_feature(self, org_id: UUID, command: DefineFeature, now: datetime) -> Feature:
        """With `new_meter`, the meter and the feature are created together, or neither."""
        metered = command.type == FeatureType.METER
        reset = command.reset_period or (ResetPeriod.MONTH if metered else None)
        value = True if command.type == FeatureType.SWITCH and command.value is None \
            else command.value
        async with self._pool.acquire() as conn, conn.transaction():
            meter_id = command.meter_id
            if command.new_meter is not None:  # its fields are the feature's `meter.<field>`
                meter_id = (await self._insert_meter(conn, org_id, command.new_meter, now,
                                                     name_field="meter.name")).id
            elif meter_id is not None:
                await self._usable_meter(conn, org_id, meter_id)
            feature = Feature(new_id(), org_id, command.name, command.description, command.type,
                              meter_id, command.limit, reset, value, Status.ACTIVE, now, now)
            await repo.insert_feature(conn, feature)
            await self._record(conn, FEATURE_CREATED, org_id, feature, now)
        return feature

    async def with_meters(self, org_id: UUID, features: list[Feature]) -> list[dict[str, Any]]:
        """Features as the API shows them: each METER feature with its meter."""
        ids = list({f.meter_id for f in features if f.meter_id is not None})
        meters = {m.id: m for m in await repo.meters_by_id(self._pool, org_id, ids)} if ids else {}
        return [{**f.snapshot(), "meter": meters[f.meter_id].snapshot() if f.meter_id else None}
                for f in features]

    async def update_feature(self, org_id: UUID, feature_id: UUID, changes: Changes,
                             now: datetime) -> Feature:
        async with self._pool.acquire() as conn, conn.transaction():
            updated = (await self.feature(org_id, feature_id, conn, lock=True)).update(changes, now)
            await repo.update_feature(conn, updated)
            await self._record(conn, FEATURE_UPDATED, org_id, updated, now)
        return updated

    async def feature(self, org_id: UUID, feature_id: UUID, conn: DB | None = None,
                      lock: bool = False) -> Feature:
        feature = await repo.feature(conn or self._pool, org_id, feature_id, lock=lock)
        if feature is None:
            raise NotFound("feature")
        return feature

    async def features(self, org_id: UUID, listing: Listing) -> dict[str, Any]:
        rows = await repo.features(self._pool, org_id, listing.limit, listing.after, listing.status)
        return page(rows, listing.limit, key=lambda f: (f.created_at, f.id))

    # -- plans -----------------------------------------------------------------------------

    async def create_plan(self, org_id: UUID, command: DefinePlan, now: datetime) -> Plan:
        async with self._pool.acquire() as conn, conn.transaction():
            features = await check_plan_features(conn, org_id, command.features)
            plan = Plan(new_id(), org_id, command.name, command.description, command.type,
                        command.interval, command.currency, features, (), Status.ACTIVE, now, now)
            await plan_repo.save_plan(conn, plan, new=True)
            await self._record(conn, PLAN_CREATED, org_id, plan, now)
        return plan

    async def update_plan(self, org_id: UUID, plan_id: UUID, changes: Changes,
                          now: datetime) -> Plan:
        async with self._pool.acquire() as conn, conn.transaction():
            plan = await self.plan(org_id, plan_id, conn, lock=True)
            if "features" in changes:
                changes["features"] = await check_plan_features(conn, org_id, changes["features"])
            updated = plan.update(changes, now)
            await self._save(conn, updated, PLAN_UPDATED, now)
        return updated

    async def add_charge(self, org_id: UUID, plan_id: UUID, command: AddCharge,
                         now: datetime) -> Charge:
        async with self._pool.acquire() as conn, conn.transaction():
            plan = await self.plan(org_id, plan_id, conn, lock=True)
            charge = await self._new_charge(conn, plan, command, now)
            await self._save(conn, plan.add_charge(charge, now), PLAN_CHARGE_ADDED, now)
        return charge

    async def update_charge(self, org_id: UUID, plan_id: UUID, charge_id: UUID,
                            changes: Changes, now: datetime) -> Charge:
        async with self._pool.acquire() as conn, conn.transaction():
            plan = await self.plan(org_id, plan_id, conn, lock=True)
            updated = plan.update_charge(charge_id, changes, now)
            if updated.charge(charge_id) != plan.charge(charge_id):
                await self._save(conn, updated, PLAN_CHARGE_UPDATED, now)
        return updated.charge(charge_id)

    async def _save(self, conn: asyncpg.Connection, plan: Plan, event_type: EventType,
                    now: datetime) -> None:
        await plan_repo.save_plan(conn, plan, new=False)
        await self._record(conn, event_type, plan.org_id, plan, now)

    async def plan(self, org_id: UUID, plan_id: UUID, conn: DB | None = None,
                   lock: bool = False) -> Plan:
        plan = await plan_repo.plan(conn or self._pool, org_id, plan_id, lock=lock)
        if plan is None:
            raise NotFound("plan")
        return plan

    async def plans(self, org_id: UUID, listing: Listing) -> dict[str, Any]:
        rows = await plan_repo.plans(self._pool, org_id, listing.limit, listing.after,
                                     listing.status)
        return page(rows, listing.limit, key=lambda p: (p.created_at, p.id))

    async def preview_charge(self, org_id: UUID, plan_id: UUID,
                             command: PreviewCharge) -> tuple[str, Rating]:
        """Price a quantity with a drafted charge in the plan's currency: the invoices' code."""
        plan = await self.plan(org_id, plan_id)
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
            meter = await self._usable_meter(conn, plan.org_id, meter_id)
        elif meter_id is not None:
            raise invalid("meter_id", "is only for USAGE charges")
        _check_terms(command.terms, plan.currency)
        name = command.display_name or (
            meter.name if meter else f"{plan.name} ({plan.interval.value})")
        return Charge(new_id(), command.terms, meter_id, name, Status.ACTIVE, now, now)


async def _refuse_if_billed(conn: asyncpg.Connection, meter: Meter) -> None:
    """An active plan billing the meter would bill nothing once its usage stops coming."""
    users = await plan_repo.active_charges_of_meter(conn, meter.org_id, meter.id)
    if users:
        names = ", ".join(f"{u['plan_name']} ({u['display_name']})" for u in users)
        raise Conflict("meter_in_use", f"the meter is billed by active charges of active"
                       f" plans: {names}; deactivate those charges or plans first", field="status",
                       details=[{"plan_id": str(u["plan_id"]), "plan_name": u["plan_name"],
                                 "charge_id": str(u["charge_id"]), "charge": u["display_name"]}
                                for u in users])


def _check_terms(terms: ChargeTerms, currency: str) -> None:
    try:
        validate_terms(terms, currency)
    except PricingError as error:
        raise invalid(error.field, str(error)) from None
