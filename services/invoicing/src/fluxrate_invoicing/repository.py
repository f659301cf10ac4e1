"""SQL for invoices, their lines, numbering and the email outbox (invoicing schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.http.json import dumps
from fluxrate_invoicing.domain.invoice import Invoice
from fluxrate_invoicing.domain.lines import Line

DB = asyncpg.Connection | asyncpg.Pool

_INSERT_DRAFTS = (
    "INSERT INTO invoices (id, org_id, status, customer_id, subscription_id, period_start,"
    " period_end, period, currency, subtotal, total, customer, plan, finalize_at,"
    " failure_reason, customer_external_id, created_at, updated_at, version)"
    " SELECT i, o, stat, c, s, ps, pe, p::jsonb, cur, st, st, cu, pl::jsonb, fa, fr, x, $16, $16, 1"
    " FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[],"
    " $6::timestamptz[], $7::text[], $8::text[], $9::numeric[], $10::bytea[], $11::text[],"
    " $12::timestamptz[], $13::text[], $14::text[], $15::text[])"
    " AS d(i, o, c, s, ps, pe, p, cur, st, cu, pl, fa, stat, fr, x)"
    " ON CONFLICT (org_id, subscription_id, period_start, period_end) DO NOTHING RETURNING id"
)
_LINE = (
    "INSERT INTO invoice_lines (invoice_id, position, charge_id, meter_id, type, display_name,"
    " quantity, unit_price, proration, amount, tiers, packages) VALUES ($1, $2, $3, $4, $5, $6,"
    " $7, $8, $9, $10, $11, $12)"
)
_DRAFT_COLUMNS = ("id", "org_id", "customer_id", "subscription_id", "period_start", "period_end",
                  "period", "currency", "subtotal", "customer", "plan", "finalize_at", "status",
                  "failure_reason", "customer_external_id")


async def insert_drafts(conn: asyncpg.Connection, drafts: list[Invoice], now: datetime) -> set[UUID]:
    """The ids of the drafts created: a period that already has its invoice keeps it."""
    columns = [[dumps(getattr(d, name)).decode() if name in ("period", "plan") else getattr(d, name)
                for d in drafts] for name in _DRAFT_COLUMNS]
    return {row["id"] for row in await conn.fetch(_INSERT_DRAFTS, *columns, now)}


async def write_lines(conn: asyncpg.Connection, lines: dict[UUID, list[Line]]) -> None:
    """Replace the lines of every invoice named."""
    await conn.execute("DELETE FROM invoice_lines WHERE invoice_id = ANY($1::uuid[])", list(lines))
    await conn.executemany(_LINE, [
        (invoice_id, i, line.charge_id, line.meter_id, line.type, line.display_name,
         line.quantity, line.unit_price, line.proration, line.amount, line.tiers, line.packages)
        for invoice_id, its_lines in lines.items() for i, line in enumerate(its_lines)])


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


async def take_numbers(conn: asyncpg.Connection, org_id: UUID, count: int) -> int:
    """The first of the org's next `count` invoice numbers. The row lock serialises numbering
    and a rollback gives the numbers back, so issued numbers have no gaps."""
    last = await conn.fetchval(
        "INSERT INTO invoice_sequences (org_id, last) VALUES ($1, $2) ON CONFLICT (org_id)"
        " DO UPDATE SET last = invoice_sequences.last + $2 RETURNING last", org_id, count)
    return last - count + 1


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
        " AND ($10::text IS NULL OR customer_external_id = $10)"
        " ORDER BY created_at DESC, id DESC LIMIT $2",
        org_id, limit + 1, filters.get("customer_id"), filters.get("subscription_id"),
        filters.get("status"), filters.get("period_from"), filters.get("period_to"),
        *(after or (None, None)), filters.get("customer_external_id"))


async def finalize_many(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    """(id, version, number, total, finalized_at, due_date) per invoice, locked by the caller."""
    await conn.executemany(
        "UPDATE invoices SET status = 'OPEN', number = $3, subtotal = $4, total = $4,"
        " finalized_at = $5, due_date = $6, updated_at = $5, version = version + 1"
        " WHERE id = $1 AND version = $2", rows)


async def queue_emails(conn: asyncpg.Connection, invoices: list[tuple[UUID, UUID]]) -> None:
    """(org_id, invoice_id) pairs; the Message-ID is stable per invoice."""
    await conn.executemany(
        "INSERT INTO email_outbox (org_id, invoice_id, message_id) VALUES ($1, $2, $3)"
        " ON CONFLICT (invoice_id) DO NOTHING",
        [(org_id, invoice_id, f"<invoice-{invoice_id}@fluxrate>") for org_id, invoice_id in invoices])


async def upsert_snapshots(conn: asyncpg.Connection, table: str,
                           rows: list[tuple[UUID, UUID, dict[str, Any], int]]) -> None:
    """(id, org_id, snapshot, version) rows; a row only ever moves forward by version."""
    await conn.executemany(
        f"INSERT INTO {table} (id, org_id, snapshot, version) VALUES ($1, $2, $3, $4)"
        f" ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, version = excluded.version"
        f" WHERE {table}.version < excluded.version", rows)


async def snapshot(conn: DB, table: str, org_id: UUID, row_id: UUID) -> dict[str, Any] | None:
    return await conn.fetchval(f"SELECT snapshot FROM {table} WHERE org_id = $1 AND id = $2",
                               org_id, row_id)


async def customer_invoice(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID, invoice_id: UUID,
                           hidden: list[str]) -> asyncpg.Record | None:
    """One of a customer's invoices that the customer may see (portal)."""
    return await pool.fetchrow(
        "SELECT * FROM invoices WHERE org_id = $1 AND customer_id = $2 AND id = $3"
        " AND status <> ALL($4::text[])", org_id, customer_id, invoice_id, hidden)


async def customer_page(pool: asyncpg.Pool, org_id: UUID, customer_id: UUID, hidden: list[str],
                        limit: int, after: tuple[datetime, UUID] | None) -> list[asyncpg.Record]:
    return await pool.fetch(
        "SELECT * FROM invoices WHERE org_id = $1 AND customer_id = $2"
        " AND status <> ALL($3::text[])"
        " AND ($5::timestamptz IS NULL OR (created_at, id) < ($5, $6))"
        " ORDER BY created_at DESC, id DESC LIMIT $4",
        org_id, customer_id, hidden, limit + 1, *(after or (None, None)))
