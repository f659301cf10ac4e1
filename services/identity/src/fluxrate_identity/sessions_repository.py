"""SQL for sessions and their refresh tokens (identity schema)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from fluxrate_identity.domain.sessions import StoredRefreshToken


async def insert_session(conn: asyncpg.Connection, session_id: UUID, user_id: UUID,
                         org_id: UUID, now: datetime) -> None:
    await conn.execute("INSERT INTO sessions (id, user_id, org_id, created_at)"
                       " VALUES ($1, $2, $3, $4)", session_id, user_id, org_id, now)


async def insert_refresh_token(conn: asyncpg.Connection, token_hash: bytes, session_id: UUID,
                               user_id: UUID, org_id: UUID, now: datetime,
                               expires_at: datetime) -> None:
    await conn.execute(
        "INSERT INTO refresh_tokens (token_hash, session_id, user_id, org_id, created_at,"
        " expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        token_hash, session_id, user_id, org_id, now, expires_at)


async def refresh_token_for_update(conn: asyncpg.Connection,
                                   token_hash: bytes) -> StoredRefreshToken | None:
    row = await conn.fetchrow(
        "SELECT t.session_id, t.user_id, t.org_id, t.expires_at, t.revoked_at AS used_at,"
        " s.revoked_at AS session_revoked_at FROM refresh_tokens t"
        " JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $1 FOR UPDATE OF s",
        token_hash)
    return None if row is None else StoredRefreshToken(**dict(row))


async def mark_refresh_token_used(conn: asyncpg.Connection, token_hash: bytes,
                                  now: datetime) -> None:
    await conn.execute("UPDATE refresh_tokens SET revoked_at = $2 WHERE token_hash = $1",
                       token_hash, now)


async def revoke_session(conn: asyncpg.Connection, session_id: UUID, now: datetime,
                         reason: str) -> asyncpg.Record | None:
    """The session's user and org if it was live (revoking twice changes nothing)."""
    row = await conn.fetchrow(
        "UPDATE sessions SET revoked_at = $2, revoked_reason = $3"
        " WHERE id = $1 AND revoked_at IS NULL RETURNING user_id, org_id",
        session_id, now, reason)
    if row is not None:
        await conn.execute("UPDATE refresh_tokens SET revoked_at = $2"
                           " WHERE session_id = $1 AND revoked_at IS NULL", session_id, now)
    return row
