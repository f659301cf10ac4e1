"""The portal's view of invoicing: what a customer may see of each invoice."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from fluxrate_common.events import Envelope

_PORTAL_INVOICE = (
    "INSERT INTO portal_invoices (id, org_id, customer_id, status, summary, version)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET status = excluded.status,"
    " summary = excluded.summary, version = excluded.version"
    " WHERE portal_invoices.version <= excluded.version"
)
PORTAL_INVOICE_FIELDS = ("id", "number", "status", "subscription_id", "period_start", "period_end",
                         "currency", "subtotal", "total", "due_date", "finalized_at", "paid_at")


async def apply_portal_invoice(conn: asyncpg.Connection, event: Envelope) -> None:
    """What a customer may see of each invoice (the portal hides drafts when it reads)."""
    invoice = event.data.get("invoice")
    if not invoice or not invoice.get("customer_id"):
        return
    summary = {name: invoice.get(name) for name in PORTAL_INVOICE_FIELDS}
    await conn.execute(_PORTAL_INVOICE, UUID(invoice["id"]), event.org_id,
                       UUID(invoice["customer_id"]), invoice["status"], summary,
                       int(event.data.get("version", 0)))
