"""Invoices as the API shows them: with their lines, and the customer's billing details to
those allowed to see them; the portal's reads show a customer only what is theirs to see."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.http.errors import NotFound
from fluxrate_common.http.pagination import page
from fluxrate_invoicing import repository as repo

After = tuple[datetime, UUID] | None
HIDDEN_FROM_CUSTOMERS = ["DRAFT", "FAILED"]  # under review, or never issued: not theirs yet
_HIDDEN = frozenset({"org_id", "plan", "customer", "version", "overdue_reported_at", "updated_at",
                     "customer_external_id"})


class InvoiceReads:
    def __init__(self, pool: asyncpg.Pool, encryptor: FieldEncryptor) -> None:
        self._pool = pool
        self._encryptor = encryptor

    def billing_details(self, sealed: bytes) -> dict[str, Any]:
        return orjson.loads(self._encryptor.decrypt(sealed))

    async def shown(self, rows: list[asyncpg.Record], with_customer: bool) -> list[dict[str, Any]]:
        """Each invoice with its lines; without the customer's details unless `with_customer`."""
        lines = await repo.lines(self._pool, [row["id"] for row in rows])
        return [{**{k: v for k, v in dict(row).items() if k not in _HIDDEN},
                 "customer": self.billing_details(row["customer"]) if with_customer else None,
                 "redacted": not with_customer, "lines": lines[row["id"]]}
                for row in rows]

    async def shown_one(self, row: asyncpg.Record, with_customer: bool) -> dict[str, Any]:
        return (await self.shown([row], with_customer))[0]

    async def list(self, org_id: UUID, filters: dict[str, Any], limit: int, after: After,
                   with_customer: bool) -> dict[str, Any]:
        rows = await repo.page(self._pool, org_id, filters, limit, after)
        return await self._page(rows, limit, with_customer)

    async def get(self, org_id: UUID, invoice_id: UUID, with_customer: bool) -> dict[str, Any]:
        return await self.shown_one(await self.row(org_id, invoice_id), with_customer)

    async def row(self, org_id: UUID, invoice_id: UUID) -> asyncpg.Record:
        row = await repo.get(self._pool, org_id, invoice_id)
        if row is None:
            raise NotFound("invoice")
        return row

    # -- the portal: one customer's issued invoices ----------------------------------------

    async def list_for_customer(self, org_id: UUID, customer_id: UUID, limit: int,
                                after: After) -> dict[str, Any]:
        rows = await repo.customer_page(self._pool, org_id, customer_id, HIDDEN_FROM_CUSTOMERS,
                                        limit, after)
        return await self._page(rows, limit, with_customer=True)

    async def get_for_customer(self, org_id: UUID, customer_id: UUID,
                               invoice_id: UUID) -> dict[str, Any]:
        row = await self.customer_row(org_id, customer_id, invoice_id)
        return await self.shown_one(row, with_customer=True)

    async def customer_row(self, org_id: UUID, customer_id: UUID,
                           invoice_id: UUID) -> asyncpg.Record:
        row = await repo.customer_invoice(self._pool, org_id, customer_id, invoice_id,
                                          HIDDEN_FROM_CUSTOMERS)
        if row is None:
            raise NotFound("invoice")
        return row

    async def _page(self, rows: list[asyncpg.Record], limit: int,
                    with_customer: bool) -> dict[str, Any]:
        result = page(rows, limit, key=lambda row: (row["created_at"], row["id"]))
        result["data"] = await self.shown(result["data"], with_customer)
        return result
