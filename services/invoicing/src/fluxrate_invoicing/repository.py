"""SQL for invoices, their lines, numbering and the email outbox (invoicing schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_invoicing.domain.lines import Line

DB = asyncpg.Connection | asyncpg.Pool

_INSERT = (
    "INSERT INTO invoices (id, org_id, status, customer_id, subscription_id, period_start,"
    " period_end, period, currency, subtotal, total, customer, plan, finalize_at, created_at,"
    " updated_at, version) VALUES ($1, $2, 'DRAFT', $3, $4, $5, $6, $7, $8, $9, $9, $10, $11,"
    " $12, $13, $13, 1) ON CONFLICT (org_id, subscription_id, period_start, period_end)"
    " DO NOTHING RETURNING id"
)
_LINE = (
    "INSERT INTO invoice_lines (invoice_id, position, charge_id, meter_id, type, display_name,"
    " quantity, unit_price, proration, amount, tiers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
    " $9, $10, $11)"
)


async def insert_draft(conn: asyncpg.Connection, draft: dict[str, Any], lines: list[Line]) -> bool:
    """False when this subscription period already has its invoice."""
    created = await conn.fetchval(
        _INSERT, draft["id"], draft["org_id"], draft["customer_id"], draft["subscription_id"],
        draft["period_start"], draft["period_end"], draft["period"], draft["currency"],
        draft["subtotal"], draft["customer"], draft["plan"], draft["finalize_at"], draft["now"])
    if created is None:
        return False
    await write_lines(conn, draft["id"], lines)
    return True


async def write_lines(conn: asyncpg.Connection, invoice_id: UUID, lines: list[Line]) -> None:
    await conn.execute("DELETE FROM invoice_lines WHERE invoice_id = $1", invoice_id)
    await conn.executemany(_LINE, [
        (invoice_id, i, line.charge_id, line.meter_id, line.type, line.display_name,
         line.quantity, line.unit_price, line.proration, line.amount, line.tiers)
        for i, line in enumerate(lines)])


async def get(conn: DB, org_id: UUID, invoice_id: UUID, *, lock: bool = False) -> asyncpg.Record | None:
    return await conn.fetchrow("SELECT * FROM invoices WHERE org_id = $1 AND id = $2"
                               + (" FOR UPDATE" if lock else ""), org_id, invoice_id)


async def lines(conn: DB, invoice_ids: list[UUID]) -> dict[UUID, list[dict[str, Any]]]:
    rows = await conn.fetch("SELECT * FROM invoice_lines WHERE invoice_id = ANY($1::uuid[])"
                            " ORDER BY invoice_id, position", invoice_ids)
    found: dict[UUID, list[dict[str, Any]]] = {i: [] for i in invoice_ids}
    for row in rows:
        line = dict(row)
        found[line.pop("invoice_id")].append(line)
    return found


async def next_number(conn: asyncpg.Connection, org_id: UUID) -> int:
    """The org's next invoice number; the row lock serialises numbering, a rollback returns
    the number, so issued numbers have no gaps."""
    return await conn.fetchval(
        "INSERT INTO invoice_sequences (org_id, last) VALUES ($1, 1) ON CONFLICT (org_id)"
        " DO UPDATE SET last = invoice_sequences.last + 1 RETURNING last", org_id)


async def update(conn: asyncpg.Connection, invoice_id: UUID, version: int, **fields: Any) -> None:
    names = list(fields)
    assignments = ", ".join(f"{name} = ${i}" for i, name in enumerate(names, start=3))
    await conn.execute(f"UPDATE invoices SET {assignments}, version = version + 1"
                       " WHERE id = $1 AND version = $2", invoice_id, version,
                       *(fields[name] for name in names))


async def due_drafts(conn: asyncpg.Connection, now: datetime, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT * FROM invoices WHERE status = 'DRAFT' AND finalize_at <= $1"
                            " ORDER BY finalize_at LIMIT $2 FOR UPDATE SKIP LOCKED", now, limit)


async def newly_overdue(conn: asyncpg.Connection, now: datetime, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        "SELECT * FROM invoices WHERE status = 'OPEN' AND overdue_reported_at IS NULL"
        " AND due_date < $1 ORDER BY due_date LIMIT $2 FOR UPDATE SKIP LOCKED", now, limit)


async def page(pool: asyncpg.Pool, org_id: UUID, filters: dict[str, Any], limit: int,
               after: tuple[datetime, UUID] | None) -> list[asyncpg.Record]:
    return await pool.fetch(
        "SELECT * FROM invoices WHERE org_id = $1"
        " AND ($3::uuid IS NULL OR customer_id = $3) AND ($4::uuid IS NULL OR subscription_id = $4)"
        " AND ($5::text IS NULL OR status = $5) AND ($6::timestamptz IS NULL OR period_end > $6)"
        " AND ($7::timestamptz IS NULL OR period_start < $7)"
        " AND ($8::timestamptz IS NULL OR (created_at, id) < ($8, $9))"
        " ORDER BY created_at DESC, id DESC LIMIT $2",
        org_id, limit + 1, filters.get("customer_id"), filters.get("subscription_id"),
        filters.get("status"), filters.get("period_from"), filters.get("period_to"),
        *(after or (None, None)))


async def queue_email(conn: asyncpg.Connection, org_id: UUID, invoice_id: UUID) -> None:
    await conn.execute(
        "INSERT INTO email_outbox (org_id, invoice_id, message_id) VALUES ($1, $2, $3)"
        " ON CONFLICT (invoice_id) DO NOTHING", org_id, invoice_id, f"<invoice-{invoice_id}@fluxrate>")


async def upsert_snapshot(conn: asyncpg.Connection, table: str, row_id: UUID, org_id: UUID,
                          snapshot: dict[str, Any], version: int) -> None:
    await conn.execute(
        f"INSERT INTO {table} (id, org_id, snapshot, version) VALUES ($1, $2, $3, $4)"
        f" ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, version = excluded.version"
        f" WHERE {table}.version < excluded.version", row_id, org_id, snapshot, version)


async def snapshot(conn: DB, table: str, org_id: UUID, row_id: UUID) -> dict[str, Any] | None:
    return await conn.fetchval(f"SELECT snapshot FROM {table} WHERE org_id = $1 AND id = $2",
                               org_id, row_id)
