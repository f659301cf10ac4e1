"""The features' use cases. A METER feature names a meter, or brings a new one along."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_catalog.features import repository as repo
from fluxrate_catalog.features.commands import DefineFeature
from fluxrate_catalog.features.domain import Feature, FeatureType, ResetPeriod
from fluxrate_catalog.meters.service import MeterService
from fluxrate_catalog.shared.commands import Changes, Listing
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.repository import DB
from fluxrate_catalog.shared.service import UseCases
from fluxrate_common.errors import NotFound
from fluxrate_common.events import new_id
from fluxrate_common.events.catalog import FEATURE_CREATED, FEATURE_UPDATED
from fluxrate_common.http.pagination import page


class FeatureService(UseCases):
    def __init__(self, pool: asyncpg.Pool, namespace: str, meters: MeterService) -> None:
        super().__init__(pool, namespace)
        self._meters = meters

    async def create(self, org_id: UUID, command: DefineFeature, now: datetime) -> Feature:
        """With `new_meter`, the meter and the feature are created together, or neither."""
        metered = command.type == FeatureType.METER
        reset = command.reset_period or (ResetPeriod.MONTH if metered else None)
        value = True if command.type == FeatureType.SWITCH and command.value is None \
            else command.value
        async with self._pool.acquire() as conn, conn.transaction():
            meter_id = command.meter_id
            if command.new_meter is not None:  # its fields are the feature's `meter.<field>`
                meter_id = (await self._meters.insert(conn, org_id, command.new_meter, now,
                                                      name_field="meter.name")).id
            elif meter_id is not None:
                await self._meters.usable(conn, org_id, meter_id)
            feature = Feature(new_id(), org_id, command.name, command.description, command.type,
                              meter_id, command.limit, reset, value, Status.ACTIVE, now, now)
            await repo.insert_feature(conn, feature)
            await self._record(conn, FEATURE_CREATED, org_id, feature, now)
        return feature

    async def with_meters(self, org_id: UUID, features: list[Feature]) -> list[dict[str, Any]]:
        """Features as the API shows them: each METER feature with its meter."""
        meters = await self._meters.by_id(
            org_id, list({f.meter_id for f in features if f.meter_id is not None}))
        return [{**f.snapshot(), "meter": meters[f.meter_id].snapshot() if f.meter_id else None}
                for f in features]

    async def update(self, org_id: UUID, feature_id: UUID, changes: Changes,
                     now: datetime) -> Feature:
        async with self._pool.acquire() as conn, conn.transaction():
            updated = (await self.get(org_id, feature_id, conn, lock=True)).update(changes, now)
            await repo.update_feature(conn, updated)
            await self._record(conn, FEATURE_UPDATED, org_id, updated, now)
        return updated

    async def get(self, org_id: UUID, feature_id: UUID, conn: DB | None = None,
                  lock: bool = False) -> Feature:
        feature = await repo.feature(conn or self._pool, org_id, feature_id, lock=lock)
        if feature is None:
            raise NotFound("feature")
        return feature

    async def list(self, org_id: UUID, listing: Listing) -> dict[str, Any]:
        rows = await repo.features(self._pool, org_id, listing.limit, listing.after, listing.status)
        return page(rows, listing.limit, key=lambda f: (f.created_at, f.id))
