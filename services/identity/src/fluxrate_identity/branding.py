"""Branding use cases: read it, change it. Each change is published whole (`org.branding_updated`
on the org topic), so the services that show it keep a read model that only moves forward."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.db.eventstore import append_events
from fluxrate_common.events import ORGS
from fluxrate_common.events.identity import ORG_BRANDING_UPDATED

FIELDS = ("name", "logo_url", "accent_color", "portal_allowed_origins", "billing_address",
          "email", "tax_id")
_SELECT = (
    "SELECT o.name AS org_name, b.* FROM orgs o LEFT JOIN org_branding b ON b.org_id = o.id"
    " WHERE o.id = $1"
)
_UPSERT = (
    "INSERT INTO org_branding (org_id, name, logo_url, accent_color, portal_allowed_origins,"
    " billing_address, email, tax_id, updated_at, version)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (org_id) DO UPDATE SET"
    " name = excluded.name, logo_url = excluded.logo_url, accent_color = excluded.accent_color,"
    " portal_allowed_origins = excluded.portal_allowed_origins,"
    " billing_address = excluded.billing_address, email = excluded.email,"
    " tax_id = excluded.tax_id, updated_at = excluded.updated_at, version = excluded.version"
)


def _view(row: asyncpg.Record) -> dict[str, Any]:
    stored = dict(row)
    view = {name: stored.get(name) for name in FIELDS}
    view["name"] = view["name"] or row["org_name"]
    view["portal_allowed_origins"] = list(view["portal_allowed_origins"] or [])
    return {**view, "updated_at": stored.get("updated_at"), "version": stored.get("version") or 0}


class BrandingService:
    def __init__(self, pool: asyncpg.Pool, namespace: str) -> None:
        self._pool = pool
        self._topic = ORGS.name(namespace)

    async def get(self, org_id: UUID) -> dict[str, Any]:
        return _view(await self._pool.fetchrow(_SELECT, org_id))

    async def update(self, org_id: UUID, changes: dict[str, Any], now: datetime) -> dict[str, Any]:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT 1 FROM orgs WHERE id = $1 FOR UPDATE", org_id)
            current = _view(await conn.fetchrow(_SELECT, org_id))
            stored = {**{name: current[name] for name in FIELDS}, **changes}
            if "name" in changes and changes["name"] is None:
                stored["name"] = None  # back to the org's own name
            stored["portal_allowed_origins"] = stored["portal_allowed_origins"] or []
            version = current["version"] + 1
            await conn.execute(_UPSERT, org_id, *(stored[name] for name in FIELDS), now, version)
            updated = _view(await conn.fetchrow(_SELECT, org_id))
            shown = {name: updated[name] for name in FIELDS}
            event = ORG_BRANDING_UPDATED.make(org_id, now, {**shown, "version": version})
            # A change of the org aggregate: after its creation, on its partition, in order.
            org_version = await conn.fetchval("SELECT coalesce(max(version), 0) FROM events"
                                              " WHERE aggregate_id = $1", org_id)
            await append_events(conn, aggregate_type="org", aggregate_id=org_id,
                                expected_version=org_version, events=[event], topic=self._topic)
        return updated
