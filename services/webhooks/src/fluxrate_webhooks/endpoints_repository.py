"""SQL for endpoints (webhooks schema). Every query an org makes is scoped by it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

DB = asyncpg.Connection | asyncpg.Pool
_PUBLIC = ("id, url, description, event_types, enabled, disabled_reason, disabled_at,"
           " failing_since, previous_secret_expires_at, created_at, updated_at")


async def insert(conn: DB, row: dict[str, Any]) -> asyncpg.Record:
    names = list(row)
    placeholders = ", ".join(f"${i}" for i in range(1, len(names) + 1))
    return await conn.fetchrow(f"INSERT INTO endpoints ({', '.join(names)}) VALUES ({placeholders})"
                               f" RETURNING {_PUBLIC}", *row.values())


async def get(conn: DB, org_id: UUID, endpoint_id: UUID, *,
              lock: bool = False) -> asyncpg.Record | None:
    return await conn.fetchrow(f"SELECT {_PUBLIC}, org_id, version FROM endpoints"
                               " WHERE org_id = $1 AND id = $2" + (" FOR UPDATE" if lock else ""),
                               org_id, endpoint_id)


async def update(conn: DB, org_id: UUID, endpoint_id: UUID,
                 fields: dict[str, Any]) -> asyncpg.Record | None:
    names = list(fields)
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(names, start=3))
    return await conn.fetchrow(
        f"UPDATE endpoints SET {assignments}, version = version + 1 WHERE org_id = $1 AND id = $2"
        f" RETURNING {_PUBLIC}", org_id, endpoint_id, *fields.values())


async def delete(conn: DB, org_id: UUID, endpoint_id: UUID) -> bool:
    deleted = await conn.fetchval("DELETE FROM endpoints WHERE org_id = $1 AND id = $2 RETURNING id",
                                  org_id, endpoint_id)
    return deleted is not None


async def page(pool: asyncpg.Pool, org_id: UUID, limit: int,
               after: tuple[datetime, UUID] | None) -> list[asyncpg.Record]:
    return await pool.fetch(
        f"SELECT {_PUBLIC} FROM endpoints WHERE org_id = $1"
        " AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))"
        " ORDER BY created_at DESC, id DESC LIMIT $2", org_id, limit + 1, *(after or (None, None)))


async def receiving(conn: asyncpg.Connection, org_ids: list[UUID]) -> list[asyncpg.Record]:
    """The enabled endpoints of these orgs, with what they subscribe to (fan-out)."""
    return await conn.fetch("SELECT id, org_id, event_types, created_at FROM endpoints"
                            " WHERE org_id = ANY($1::uuid[]) AND enabled", org_ids)


_DISABLE_FAILING = """
UPDATE endpoints e SET enabled = false, disabled_at = $1, updated_at = $1, version = e.version + 1,
       disabled_reason = 'every delivery attempt failed since '
         || to_char(e.failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
         || coalesce(' (last: ' || (
              SELECT coalesce(a.error, 'HTTP ' || a.status_code) FROM attempts a
                JOIN deliveries d ON d.id = a.delivery_id
               WHERE d.endpoint_id = e.id ORDER BY a.id DESC LIMIT 1) || ')', '')
 WHERE e.enabled AND e.failing_since <= $1::timestamptz - $2::interval RETURNING e.id
"""


async def disable_failing(pool: asyncpg.Pool, now: datetime, after: timedelta) -> list[UUID]:
    """Disable, saying why, every endpoint whose every attempt has failed for `after`."""
    return [row["id"] for row in await pool.fetch(_DISABLE_FAILING, now, after)]
