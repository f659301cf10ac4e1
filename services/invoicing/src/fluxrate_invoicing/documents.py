"""Invoice PDFs from what invoicing holds: the invoice and its lines, the customer's billing
details sealed in it, and the org's branding (read model, with the logo fetched for it).
Rendering runs in a thread so a PDF never stalls the event loop for the other requests."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.branding import branding_of
from fluxrate_common.http.errors import Conflict
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.logos import logo_of
from fluxrate_invoicing.pdf import render_invoice_pdf
from fluxrate_invoicing.reads import InvoiceReads


def filename(invoice: asyncpg.Record | dict[str, Any]) -> str:
    return f"{invoice['number'] or 'draft-' + str(invoice['id'])}.pdf"


class InvoiceDocuments:
    def __init__(self, pool: asyncpg.Pool, reads: InvoiceReads) -> None:
        self._pool = pool
        self._reads = reads

    async def pdf_of(self, org_id: UUID, invoice_id: UUID) -> tuple[str, bytes]:
        """(file name, PDF) of one of the org's invoices."""
        invoice = await self._reads.row(org_id, invoice_id)
        return filename(invoice), await self.pdf(invoice)

    async def pdf_for_customer(self, org_id: UUID, customer_id: UUID,
                               invoice_id: UUID) -> tuple[str, bytes]:
        """(file name, PDF) of one of the customer's issued invoices (portal)."""
        invoice = await self._reads.customer_row(org_id, customer_id, invoice_id)
        return filename(invoice), await self.pdf(invoice)

    async def pdf(self, invoice: asyncpg.Record, conn: Any = None) -> bytes:
        """The invoice as a PDF; a FAILED one has nothing to print (409)."""
        if invoice["status"] == "FAILED":
            raise Conflict("invoice_failed", "a FAILED invoice has no lines to print; retry it first")
        db = conn or self._pool
        lines = (await repo.lines(db, [invoice["id"]]))[invoice["id"]]
        branding = await branding_of(db, invoice["org_id"])
        if not branding["name"]:  # an org whose branding was never set: its own name
            branding["name"] = await db.fetchval("SELECT name FROM orgs WHERE id = $1",
                                                 invoice["org_id"])
        branding["logo"] = await logo_of(db, invoice["org_id"])
        customer = self._reads.billing_details(invoice["customer"])
        return await asyncio.to_thread(render_invoice_pdf, dict(invoice), lines, customer, branding)
