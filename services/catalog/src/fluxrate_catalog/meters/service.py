"""The meters' use cases; features and plans use a meter through `insert` and `usable`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_catalog.meters import repository as repo
from fluxrate_catalog.meters.commands import DefineMeter
from fluxrate_catalog.meters.domain import Meter
from fluxrate_catalog.plans import repository as plans_repo
from fluxrate_catalog.shared.commands import Changes, Listing
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.repository import DB
from fluxrate_catalog.shared.service import UseCases
from fluxrate_common.errors import Conflict, NotFound, invalid
from fluxrate_common.events import new_id
from fluxrate_common.events.catalog import METER_CREATED, METER_UPDATED
from fluxrate_common.http.pagination import page


class MeterService(UseCases):
    async def create(self, org_id: UUID, command: DefineMeter, now: datetime) -> Meter:
        async with self._pool.acquire() as conn, conn.transaction():
            return await self.insert(conn, org_id, command, now)

    async def insert(self, conn: asyncpg.Connection, org_id: UUID, command: DefineMeter,
                     now: datetime, name_field: str = "name") -> Meter:
        """Within the caller's transaction (a feature made with its meter)."""
        meter = Meter(new_id(), org_id, command.name, uuid.uuid4(), command.aggregation,
                      command.property, command.filters, command.unit, command.description,
                      Status.ACTIVE, now, now)
        await repo.insert_meter(conn, meter, name_field=name_field)
        await self._record(conn, METER_CREATED, org_id, meter, now)
        return meter

    async def update(self, org_id: UUID, meter_id: UUID, changes: Changes, now: datetime) -> Meter:
        async with self._pool.acquire() as conn, conn.transaction():
            meter = await self.get(org_id, meter_id, conn, lock=True)
            updated = meter.update(changes, now)
            if meter.status == Status.ACTIVE and updated.status == Status.INACTIVE:
                await _refuse_if_billed(conn, meter)
            await repo.update_meter(conn, updated)
            await self._record(conn, METER_UPDATED, org_id, updated, now)
        return updated

    async def get(self, org_id: UUID, meter_id: UUID, conn: DB | None = None,
                  lock: bool = False) -> Meter:
        meter = await repo.meter(conn or self._pool, org_id, meter_id, lock=lock)
        if meter is None:
            raise NotFound("meter")
        return meter

    async def list(self, org_id: UUID, listing: Listing) -> dict[str, Any]:
        rows = await repo.meters(self._pool, org_id, listing.limit, listing.after, listing.status)
        return page(rows, listing.limit, key=lambda m: (m.created_at, m.id))

    async def usable(self, conn: asyncpg.Connection, org_id: UUID, meter_id: UUID) -> Meter:
        """An ACTIVE meter of the org, for a feature or a charge to use, or a refusal naming
        meter_id. A shared lock: a meter being deactivated meanwhile waits, and sees its use."""
        meter = await repo.meter(conn, org_id, meter_id, lock="share")
        if meter is None:
            raise invalid("meter_id", "no meter with this id in your organisation")
        if meter.status != Status.ACTIVE:
            raise invalid("meter_id", "the meter is INACTIVE")
        return meter

    async def by_id(self, org_id: UUID, ids: list[UUID]) -> dict[UUID, Meter]:
        return {m.id: m for m in await repo.meters_by_id(self._pool, org_id, ids)} if ids else {}


async def _refuse_if_billed(conn: asyncpg.Connection, meter: Meter) -> None:
    """An active plan billing the meter would bill nothing once its usage stops coming."""
    users = await plans_repo.active_charges_of_meter(conn, meter.org_id, meter.id)
    if users:
        names = ", ".join(f"{u['plan_name']} ({u['display_name']})" for u in users)
        raise Conflict("meter_in_use", f"the meter is billed by active charges of active"
                       f" plans: {names}; deactivate those charges or plans first", field="status",
                       details=[{"plan_id": str(u["plan_id"]), "plan_name": u["plan_name"],
                                 "charge_id": str(u["charge_id"]), "charge": u["display_name"]}
                                for u in users])
