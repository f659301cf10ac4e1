"""SQL every catalog table shares: newest-first pages scoped by org, row locks, unique names."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import asyncpg

from fluxrate_catalog.shared.domain import Status
from fluxrate_common.errors import Conflict

Cursor = tuple[datetime, UUID] | None
DB = asyncpg.Connection | asyncpg.Pool
Lock = bool | Literal["share"]
LOCKS: dict[Lock, str] = {False: "", True: " FOR UPDATE", "share": " FOR SHARE"}


async def page_rows(conn: DB, table: str, org_id: UUID, limit: int, after: Cursor,
                    status: Status | None) -> list[asyncpg.Record]:
    clauses, args = ["org_id = $1"], [org_id, limit + 1]
    if status is not None:
        args.append(status.value)
        clauses.append(f"status = ${len(args)}")
    if after is not None:
        args += list(after)
        clauses.append(f"(created_at, id) < (${len(args) - 1}, ${len(args)})")
    return await conn.fetch(
        f"SELECT * FROM {table} WHERE {' AND '.join(clauses)}"
        " ORDER BY created_at DESC, id DESC LIMIT $2", *args)


async def unique_name(statement: Awaitable[Any], what: str, field: str = "name") -> None:
    """Run `statement`; a name already taken in the org is a conflict naming `field`."""
    try:
        await statement
    except asyncpg.UniqueViolationError:
        raise Conflict(f"{what}_name_taken", f"a {what} with this name already exists",
                       field=field) from None
