"""Invoicing's views of other services: plans as last published (for previews), and orgs with
their branding (for PDFs and emails)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from fluxrate_common.branding import apply_org_event as apply_branding_event
from fluxrate_common.events import Envelope
from fluxrate_common.events.identity import ORG_CREATED
from fluxrate_invoicing import repository as repo


async def apply_plan_event(conn: asyncpg.Connection, event: Envelope) -> None:
    await repo.upsert_snapshots(conn, "plans", [(UUID(event.data["id"]), event.org_id, event.data,
                                                 event.data["version"])])


async def apply_org_event(conn: asyncpg.Connection, event: Envelope) -> None:
    await apply_branding_event(conn, event)
    if ORG_CREATED.matches(event):
        await conn.execute("INSERT INTO orgs (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                           event.org_id, event.data["name"])
