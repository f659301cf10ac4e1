"""SQL for subscriptions (subscriptions schema). Every query is scoped by org."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from uuid import UUID

import asyncpg

from fluxrate_common.db.eventstore import ConcurrentModification
from fluxrate_subscriptions.domain.subscriptions import Subscription
from fluxrate_subscriptions.domain.transitions import Status

DB = asyncpg.Connection | asyncpg.Pool
_FIELDS = [f.name for f in fields(Subscription)]
_COLUMNS = ", ".join(_FIELDS)


def _subscription(row: asyncpg.Record) -> Subscription:
    values = {name: row[name] for name in _FIELDS}
    values["status"] = Status(values["status"])
    return Subscription(**values)


def _values(sub: Subscription) -> list[object]:
    return [sub.status.value if name == "status" else getattr(sub, name) for name in _FIELDS]


async def insert(conn: asyncpg.Connection, sub: Subscription) -> None:
    placeholders = ", ".join(f"${i}" for i in range(1, len(_FIELDS) + 2))
    await conn.execute(f"INSERT INTO subscriptions ({_COLUMNS}, next_boundary_at) VALUES ({placeholders})",
                       *_values(sub), sub.next_action_at())


async def update(conn: asyncpg.Connection, sub: Subscription, expected_version: int) -> None:
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(_FIELDS, start=1))
    n = len(_FIELDS)
    status = await conn.execute(
        f"UPDATE subscriptions SET {assignments}, next_boundary_at = ${n + 1}"
        f" WHERE id = ${n + 2} AND version = ${n + 3}",
        *_values(sub), sub.next_action_at(), sub.id, expected_version)
    if status != "UPDATE 1":
        raise ConcurrentModification("subscription")


async def get(conn: DB, org_id: UUID, sub_id: UUID, *, lock: bool = False) -> Subscription | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM subscriptions WHERE org_id = $1 AND id = $2"
                              + (" FOR UPDATE" if lock else ""), org_id, sub_id)
    return None if row is None else _subscription(row)


async def current_for_customer(conn: DB, org_id: UUID, customer_id: UUID) -> Subscription | None:
    """The subscription a customer's portal shows: a live one before a paused one before an
    ended one, the newest first."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE org_id = $1 AND customer_id = $2"
        " ORDER BY status IN ('TRIAL', 'ACTIVE', 'PAST_DUE') DESC, status = 'PAUSED' DESC,"
        " created_at DESC LIMIT 1", org_id, customer_id)
    return None if row is None else _subscription(row)


async def lock_due(conn: asyncpg.Connection, now: datetime, limit: int) -> list[Subscription]:
    """Due subscriptions no other scheduler holds: safe with any number of replicas."""
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE next_boundary_at <= $1"
        " AND quarantined_at IS NULL ORDER BY next_boundary_at LIMIT $2 FOR UPDATE SKIP LOCKED",
        now, limit)
    return [_subscription(row) for row in rows]


async def quarantine(conn: asyncpg.Connection, sub_id: UUID, reason: str) -> None:
    await conn.execute("UPDATE subscriptions SET quarantined_at = now(), quarantine_reason = $2"
                       " WHERE id = $1", sub_id, reason[:2000])


async def quarantined(pool: asyncpg.Pool, limit: int) -> list[asyncpg.Record]:
    return await pool.fetch(
        "SELECT id, org_id, customer_id, status, next_boundary_at, quarantined_at, quarantine_reason"
        " FROM subscriptions WHERE quarantined_at IS NOT NULL ORDER BY quarantined_at LIMIT $1", limit)


async def release(pool: asyncpg.Pool, sub_id: UUID) -> bool:
    released = await pool.fetchval("UPDATE subscriptions SET quarantined_at = NULL,"
                                    " quarantine_reason = NULL WHERE id = $1"
                                    " AND quarantined_at IS NOT NULL RETURNING id", sub_id)
    return released is not None


async def scheduler_health(pool: asyncpg.Pool, now: datetime) -> tuple[float, int]:
    """(seconds the oldest due boundary has waited, subscriptions quarantined)."""
    row = await pool.fetchrow(
        "SELECT coalesce(extract(epoch FROM $1 - min(next_boundary_at)"
        " FILTER (WHERE quarantined_at IS NULL)), 0)::float8,"
        " count(*) FILTER (WHERE quarantined_at IS NOT NULL)"
        " FROM subscriptions WHERE next_boundary_at <= $1 OR quarantined_at IS NOT NULL", now)
    return row[0], row[1]


async def page(pool: asyncpg.Pool, org_id: UUID, limit: int, after: tuple[datetime, UUID] | None,
               customer_id: UUID | None, status: str | None,
               external_id: str | None = None) -> list[Subscription]:
    """A customer named by an external id the org never used matches nothing."""
    rows = await pool.fetch(
        f"SELECT {_COLUMNS} FROM subscriptions WHERE org_id = $1"
        " AND ($3::uuid IS NULL OR customer_id = $3) AND ($4::text IS NULL OR status = $4)"
        " AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6))"
        " AND ($7::text IS NULL OR customer_id = (SELECT c.id FROM customers c"
        "      WHERE c.org_id = $1 AND c.external_id = $7))"
        " ORDER BY created_at DESC, id DESC LIMIT $2",
        org_id, limit + 1, customer_id, status, *(after or (None, None)), external_id)
    return [_subscription(row) for row in rows]


async def events(pool: asyncpg.Pool, org_id: UUID, sub_id: UUID, limit: int,
                 after_version: int) -> list[asyncpg.Record]:
    return await pool.fetch(
        "SELECT event_id AS id, type, version, occurred_at, data FROM events"
        " WHERE org_id = $1 AND aggregate_type = 'subscription' AND aggregate_id = $2"
        " AND version > $3 ORDER BY version LIMIT $4", org_id, sub_id, after_version, limit + 1)


async def update_many(conn: asyncpg.Connection, saved: list[tuple[Subscription, int]]) -> None:
    """Rows already locked by this transaction (lock_due): one statement for all of them."""
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(_FIELDS, start=1))
    n = len(_FIELDS)
    await conn.executemany(
        f"UPDATE subscriptions SET {assignments}, next_boundary_at = ${n + 1}"
        f" WHERE id = ${n + 2} AND version = ${n + 3}",
        [(*_values(sub), sub.next_action_at(), sub.id, expected) for sub, expected in saved])
