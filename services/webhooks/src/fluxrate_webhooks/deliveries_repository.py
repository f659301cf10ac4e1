"""SQL for messages, deliveries and attempts (webhooks schema)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

DB = asyncpg.Connection | asyncpg.Pool

_INSERT_MESSAGES = (
    "INSERT INTO messages (id, org_id, type, payload, occurred_at, created_at)"
    " SELECT *, $6 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bytea[], $5::timestamptz[])"
    " ON CONFLICT (id) DO NOTHING"
)
_INSERT_DELIVERIES = (
    "INSERT INTO deliveries (id, org_id, endpoint_id, message_id, event_type, status,"
    " round_started_at, next_attempt_at, created_at)"
    " SELECT d, o, e, m, t, 'pending', $6, $6, $6 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[],"
    " $4::uuid[], $5::text[]) AS x(d, o, e, m, t) ON CONFLICT (endpoint_id, message_id) DO NOTHING"
)
# Up to `$2` due deliveries of each enabled endpoint not already at its limit in this process.
# Only endpoints with pending deliveries are visited, found by skipping through the index one
# endpoint at a time: the cost follows the endpoints with work, not every endpoint there is.
_CANDIDATES = """
WITH RECURSIVE pending AS (
    (SELECT endpoint_id FROM deliveries WHERE status = 'pending' ORDER BY endpoint_id LIMIT 1)
  UNION ALL
    SELECT (SELECT d.endpoint_id FROM deliveries d WHERE d.status = 'pending'
             AND d.endpoint_id > p.endpoint_id ORDER BY d.endpoint_id LIMIT 1)
      FROM pending p WHERE p.endpoint_id IS NOT NULL
)
SELECT d.id, d.endpoint_id FROM pending p
  JOIN endpoints e ON e.id = p.endpoint_id AND e.enabled AND NOT (e.id = ANY($3::uuid[]))
  CROSS JOIN LATERAL (
    SELECT id, endpoint_id, next_attempt_at FROM deliveries d WHERE d.endpoint_id = e.id
       AND d.status = 'pending' AND d.next_attempt_at <= $1 ORDER BY d.next_attempt_at LIMIT $2) d
 ORDER BY d.next_attempt_at
"""
# A concurrent claimer of the same row waits for this one, re-reads next_attempt_at, skips it.
_CLAIM = (
    "UPDATE deliveries d SET next_attempt_at = $3, claim = $4,"
    " round_attempts = d.round_attempts + 1, attempts = d.attempts + 1"
    " FROM messages m, endpoints e WHERE d.id = ANY($1::uuid[]) AND d.status = 'pending'"
    " AND d.next_attempt_at <= $2 AND m.id = d.message_id AND e.id = d.endpoint_id AND e.enabled"
    " RETURNING d.id, d.org_id, d.endpoint_id, d.message_id, d.round_attempts, d.round_started_at,"
    " m.type, m.payload, e.url, e.secret, e.previous_secret, e.previous_secret_expires_at"
)


async def insert_messages(conn: asyncpg.Connection, rows: Sequence[tuple[Any, ...]],
                          now: datetime) -> None:
    """(id, org_id, type, sealed payload, occurred_at) rows."""
    if rows:
        await conn.execute(_INSERT_MESSAGES, *[list(c) for c in zip(*rows, strict=True)], now)


async def insert_deliveries(conn: asyncpg.Connection, rows: Sequence[tuple[Any, ...]],
                            now: datetime) -> None:
    """(id, org_id, endpoint_id, message_id, event_type) rows, due now."""
    if rows:
        await conn.execute(_INSERT_DELIVERIES, *[list(c) for c in zip(*rows, strict=True)], now)


async def candidates(pool: asyncpg.Pool, now: datetime, per_endpoint: int,
                     busy: list[UUID]) -> list[asyncpg.Record]:
    return await pool.fetch(_CANDIDATES, now, per_endpoint, busy)


async def claim(pool: asyncpg.Pool, ids: list[UUID], now: datetime, lease: timedelta,
                token: UUID) -> list[asyncpg.Record]:
    return await pool.fetch(_CLAIM, ids, now, now + lease, token)


async def get(conn: DB, org_id: UUID, endpoint_id: UUID,
              delivery_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT d.*, m.payload FROM deliveries d JOIN messages m ON m.id = d.message_id"
        " WHERE d.org_id = $1 AND d.endpoint_id = $2 AND d.id = $3", org_id, endpoint_id, delivery_id)


async def page(pool: asyncpg.Pool, org_id: UUID, endpoint_id: UUID, filters: dict[str, Any],
               limit: int, after: tuple[datetime, UUID] | None) -> list[asyncpg.Record]:
    return await pool.fetch(
        "SELECT * FROM deliveries WHERE org_id = $1 AND endpoint_id = $2"
        " AND ($4::text IS NULL OR status = $4) AND ($5::text IS NULL OR event_type = $5)"
        " AND ($6::timestamptz IS NULL OR (created_at, id) < ($6, $7))"
        " ORDER BY created_at DESC, id DESC LIMIT $3", org_id, endpoint_id, limit + 1,
        filters.get("status"), filters.get("event_type"), *(after or (None, None)))


async def attempts(conn: DB, delivery_ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    rows = await conn.fetch(
        "SELECT delivery_id, attempted_at, status_code, latency_ms, response_excerpt, error"
        " FROM attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, id", delivery_ids)
    found: dict[UUID, list[dict[str, Any]]] = {i: [] for i in delivery_ids}
    for row in rows:
        attempt = dict(row)
        found[attempt.pop("delivery_id")].append(attempt)
    return found


async def replay(conn: DB, org_id: UUID, endpoint_id: UUID, where: str, args: list[Any],
                 now: datetime) -> list[asyncpg.Record]:
    """A new round for the deliveries matched: due now, the retry schedule from its start."""
    return await conn.fetch(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = $3, round_started_at = $3,"
        " round_attempts = 0, claim = NULL, succeeded_at = NULL"
        f" WHERE org_id = $1 AND endpoint_id = $2 AND {where} RETURNING *",
        org_id, endpoint_id, now, *args)


async def prune(pool: asyncpg.Pool, before: datetime) -> int:
    """Forget settled deliveries and their messages created before `before`."""
    status = await pool.execute(
        "DELETE FROM messages m WHERE m.created_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d"
        " WHERE d.message_id = m.id AND d.status = 'pending')", before)
    return int(status.split()[-1])


async def backlog(pool: asyncpg.Pool, now: datetime) -> tuple[int, float]:
    """(deliveries pending, seconds the oldest of them has waited)."""
    row = await pool.fetchrow(
        "SELECT count(*), coalesce(extract(epoch FROM $1::timestamptz - min(created_at)), 0)::float8"
        " FROM deliveries WHERE status = 'pending'", now)
    return row[0], row[1]
