"""The subscriptions service's views of the catalog: plans and features as last published."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.arrivals import Arrivals
from fluxrate_common.events import Envelope

_UPSERT = (
    "INSERT INTO {table} (id, org_id, snapshot, version) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, version = excluded.version"
    " WHERE {table}.version < excluded.version"
)


async def apply_plan_event(conn: asyncpg.Connection, event: Envelope) -> None:
    await conn.execute(_UPSERT.format(table="plans"), UUID(event.data["id"]), event.org_id,
                       event.data, event.data["version"])


async def apply_feature_event(conn: asyncpg.Connection, event: Envelope) -> None:
    await conn.execute(_UPSERT.format(table="features"), UUID(event.data["id"]), event.org_id,
                       event.data, event.data["version"])


class Catalog:
    """Plans and features of an org, read from the local tables. A plan created a moment ago
    may still be on its way: `plan()` waits briefly for its NOTIFY before giving up."""

    def __init__(self, pool: asyncpg.Pool, wait: float) -> None:
        self._pool = pool
        self._wait = wait
        self.arrivals = Arrivals()

    def on_plan_notify(self, payload: str) -> None:
        self.arrivals.arrived(UUID(payload))

    async def plan(self, org_id: UUID, plan_id: UUID, conn: Any = None) -> dict[str, Any] | None:
        db = conn or self._pool
        query = "SELECT snapshot FROM plans WHERE org_id = $1 AND id = $2"
        snapshot = await db.fetchval(query, org_id, plan_id)
        if snapshot is None and not self.arrivals.recently_missed(plan_id):
            await self.arrivals.wait(plan_id, self._wait)
            snapshot = await db.fetchval(query, org_id, plan_id)
            if snapshot is None:
                self.arrivals.missed(plan_id)
        return snapshot

    async def plans(self, conn: Any, org_id: UUID, plan_ids: set[UUID]) -> dict[UUID, dict[str, Any]]:
        rows = await conn.fetch("SELECT id, snapshot FROM plans WHERE org_id = $1 AND id = ANY($2::uuid[])",
                                org_id, list(plan_ids))
        return {row["id"]: row["snapshot"] for row in rows}

