"""Each org's branding as its customers see it (portal, invoice PDF): a read model of
identity's org events, kept in the `org_branding` table of every service that shows it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.events import Envelope
from fluxrate_common.events.identity import ORG_BRANDING_UPDATED, ORG_CREATED

DEFAULTS: dict[str, Any] = {"name": None, "logo_url": None, "accent_color": None,
                            "portal_allowed_origins": [], "billing_address": None,
                            "email": None, "tax_id": None}
_UPSERT = (
    "INSERT INTO org_branding (org_id, snapshot, version) VALUES ($1, $2, $3)"
    " ON CONFLICT (org_id) DO UPDATE SET snapshot = excluded.snapshot, version = excluded.version"
    " WHERE org_branding.version < excluded.version"
)


async def apply_org_event(conn: asyncpg.Connection, event: Envelope) -> None:
    """`org.created` gives the name (version 0); `org.branding_updated` carries the whole
    branding with its version, so applying only ever moves forward."""
    if ORG_CREATED.matches(event):
        await conn.execute(_UPSERT, event.org_id, {**DEFAULTS, "name": event.data["name"]}, 0)
    elif ORG_BRANDING_UPDATED.matches(event):
        await conn.execute(_UPSERT, event.org_id, {**DEFAULTS, **event.data},
                           int(event.data["version"]))


async def branding_of(db: asyncpg.Connection | asyncpg.Pool, org_id: UUID) -> dict[str, Any]:
    snapshot = await db.fetchval("SELECT snapshot FROM org_branding WHERE org_id = $1", org_id)
    return {**DEFAULTS, **(snapshot or {})}
