"""SQL for orgs, users and API keys (identity schema)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from fluxrate_common.http.errors import Conflict
from fluxrate_identity.domain.api_keys import ApiKey

_KEY_COLUMNS = ("id, org_id, name, scopes, prefix, key_hash, created_by, created_at, version,"
                " last_used_at, revoked_at")


def _key(row: asyncpg.Record) -> ApiKey:
    return ApiKey(row["id"], row["org_id"], row["name"], tuple(row["scopes"]), row["prefix"],
                  bytes(row["key_hash"]), row["created_by"], row["created_at"], row["version"],
                  row["last_used_at"], row["revoked_at"])


async def insert_org(conn: asyncpg.Connection, org_id: UUID, name: str, now: datetime) -> None:
    await conn.execute("INSERT INTO orgs (id, name, created_at) VALUES ($1, $2, $3)",
                       org_id, name, now)


async def insert_user(conn: asyncpg.Connection, user_id: UUID, org_id: UUID, email: str,
                      password_hash: str, now: datetime) -> None:
    try:
        await conn.execute(
            "INSERT INTO users (id, org_id, email, password_hash, created_at)"
            " VALUES ($1, $2, $3, $4, $5)", user_id, org_id, email, password_hash, now)
    except asyncpg.UniqueViolationError:
        raise Conflict("email_taken", "an account with this email already exists",
                       field="email") from None


async def user_by_email(conn: asyncpg.Connection | asyncpg.Pool, email: str) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM users WHERE email = $1", email)


async def user_and_org(conn: asyncpg.Connection | asyncpg.Pool,
                       user_id: UUID | None, org_id: UUID) -> tuple[asyncpg.Record | None, asyncpg.Record]:
    org = await conn.fetchrow("SELECT * FROM orgs WHERE id = $1", org_id)
    user = None
    if user_id is not None:
        user = await conn.fetchrow("SELECT * FROM users WHERE id = $1 AND org_id = $2", user_id, org_id)
    return user, org


async def set_password_hash(conn: asyncpg.Connection, user_id: UUID, password_hash: str) -> None:
    await conn.execute("UPDATE users SET password_hash = $2 WHERE id = $1", user_id, password_hash)


async def record_login(conn: asyncpg.Connection, user_id: UUID, now: datetime) -> None:
    await conn.execute("UPDATE users SET last_login_at = $2 WHERE id = $1", user_id, now)


async def insert_api_key(conn: asyncpg.Connection, key: ApiKey) -> None:
    await conn.execute(
        f"INSERT INTO api_keys ({_KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        key.id, key.org_id, key.name, list(key.scopes), key.prefix, key.key_hash, key.created_by,
        key.created_at, key.version, key.last_used_at, key.revoked_at)


async def api_key_for_update(conn: asyncpg.Connection, org_id: UUID, key_id: UUID) -> ApiKey | None:
    row = await conn.fetchrow(
        f"SELECT {_KEY_COLUMNS} FROM api_keys WHERE org_id = $1 AND id = $2 FOR UPDATE", org_id, key_id)
    return None if row is None else _key(row)


async def save_revocation(conn: asyncpg.Connection, key: ApiKey) -> None:
    await conn.execute("UPDATE api_keys SET revoked_at = $2, version = $3 WHERE id = $1",
                       key.id, key.revoked_at, key.version)


async def list_api_keys(pool: asyncpg.Pool, org_id: UUID, limit: int,
                        after: tuple[datetime, UUID] | None) -> list[ApiKey]:
    if after is None:
        rows = await pool.fetch(
            f"SELECT {_KEY_COLUMNS} FROM api_keys WHERE org_id = $1"
            " ORDER BY created_at DESC, id DESC LIMIT $2", org_id, limit + 1)
    else:
        rows = await pool.fetch(
            f"SELECT {_KEY_COLUMNS} FROM api_keys WHERE org_id = $1 AND (created_at, id) < ($3, $4)"
            " ORDER BY created_at DESC, id DESC LIMIT $2", org_id, limit + 1, *after)
    return [_key(row) for row in rows]


async def record_key_used(conn: asyncpg.Connection, org_id: UUID, key_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE api_keys SET last_used_at = greatest(last_used_at, $3) WHERE id = $2 AND org_id = $1",
        org_id, key_id, at)
