"""The aggregator's views of meters (names, aggregation) and customers (external ids)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from fluxrate_common.events import Envelope


async def apply_meter_event(conn: asyncpg.Connection, event: Envelope) -> None:
    d = event.data
    await conn.execute(
        "INSERT INTO meters (id, org_id, name, aggregation, version) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, version = excluded.version"
        " WHERE meters.version < excluded.version",
        UUID(d["id"]), event.org_id, d["name"], d["aggregation"], d["version"])


async def apply_customer_event(conn: asyncpg.Connection, event: Envelope) -> None:
    d = event.data
    await conn.execute("INSERT INTO customers (id, org_id, external_id) VALUES ($1, $2, $3)"
                       " ON CONFLICT (id) DO NOTHING", UUID(d["id"]), event.org_id, d["external_id"])


async def customer_by_external_id(pool: asyncpg.Pool, org_id: UUID, external_id: str) -> UUID | None:
    return await pool.fetchval("SELECT id FROM customers WHERE org_id = $1 AND external_id = $2",
                               org_id, external_id)


async def customer_exists(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID) -> bool:
    return await pool.fetchval("SELECT true FROM customers WHERE org_id = $1 AND id = $2",
                               org_id, customer_id) is not None


async def meter_names(pool: asyncpg.Pool, org_id: UUID) -> dict[UUID, str]:
    rows = await pool.fetch("SELECT id, name FROM meters WHERE org_id = $1", org_id)
    return {row["id"]: row["name"] for row in rows}


async def apply_subscription_event(conn: asyncpg.Connection, event: Envelope) -> None:
    sub = event.data.get("subscription")
    if sub is None:
        return
    await conn.execute(
        "INSERT INTO subscriptions (id, org_id, customer_id, current_period_start,"
        " current_period_end, version) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (id) DO UPDATE SET current_period_start = excluded.current_period_start,"
        " current_period_end = excluded.current_period_end, version = excluded.version"
        " WHERE subscriptions.version < excluded.version",
        UUID(sub["id"]), event.org_id, UUID(sub["customer_id"]),
        datetime.fromisoformat(sub["current_period_start"]),
        datetime.fromisoformat(sub["current_period_end"]), sub["version"])


async def subscription(pool: asyncpg.Pool, org_id: UUID, sub_id: UUID) -> asyncpg.Record | None:
    return await pool.fetchrow("SELECT * FROM subscriptions WHERE org_id = $1 AND id = $2",
                               org_id, sub_id)
