"""SQL for customers; contact details go in and out through the field encryptor."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg
import orjson

from fluxrate_common.crypto import FieldEncryptor
from fluxrate_subscriptions.domain.customers import Customer

DB = asyncpg.Connection | asyncpg.Pool
_COLUMNS = "id, org_id, external_id, contact, metadata, created_at, updated_at, version"


class CustomerRepository:
    def __init__(self, encryptor: FieldEncryptor) -> None:
        self._encryptor = encryptor

    def seal(self, customer: Customer) -> bytes:
        return self._encryptor.encrypt(orjson.dumps(customer.contact).decode())

    def _customer(self, row: asyncpg.Record) -> Customer:
        contact = orjson.loads(self._encryptor.decrypt(row["contact"]))
        return Customer(row["id"], row["org_id"], row["external_id"], row["created_at"],
                        row["updated_at"], contact, row["metadata"], row["version"])

    async def insert(self, conn: asyncpg.Connection, customer: Customer) -> bool:
        """False when the org already has a customer with this external_id."""
        inserted = await conn.fetchval(
            f"INSERT INTO customers ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            " ON CONFLICT (org_id, external_id) DO NOTHING RETURNING id",
            customer.id, customer.org_id, customer.external_id, self.seal(customer),
            customer.metadata, customer.created_at, customer.updated_at, customer.version)
        return inserted is not None

    async def update(self, conn: asyncpg.Connection, customer: Customer) -> None:
        await conn.execute(
            "UPDATE customers SET contact = $3, metadata = $4, updated_at = $5, version = $6"
            " WHERE org_id = $1 AND id = $2", customer.org_id, customer.id, self.seal(customer),
            customer.metadata, customer.updated_at, customer.version)

    async def get(self, conn: DB, org_id: UUID, customer_id: UUID, *,
                  lock: bool = False) -> Customer | None:
        row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM customers WHERE org_id = $1 AND id = $2"
                                  + (" FOR UPDATE" if lock else ""), org_id, customer_id)
        return None if row is None else self._customer(row)

    async def by_external_id(self, conn: DB, org_id: UUID, external_id: str, *,
                             lock: bool = False) -> Customer | None:
        row = await conn.fetchrow(
            f"SELECT {_COLUMNS} FROM customers WHERE org_id = $1 AND external_id = $2"
            + (" FOR UPDATE" if lock else ""), org_id, external_id)
        return None if row is None else self._customer(row)

    async def page(self, pool: asyncpg.Pool, org_id: UUID, limit: int,
                   after: tuple[datetime, UUID] | None) -> list[Customer]:
        args: list[object] = [org_id, limit + 1]
        where = "org_id = $1"
        if after is not None:
            args += list(after)
            where += " AND (created_at, id) < ($3, $4)"
        rows = await pool.fetch(f"SELECT {_COLUMNS} FROM customers WHERE {where}"
                                " ORDER BY created_at DESC, id DESC LIMIT $2", *args)
        return [self._customer(row) for row in rows]

    async def billing_details(self, conn: DB, org_id: UUID,
                              ids: set[UUID]) -> dict[UUID, tuple[str, str]]:
        """(external id, sealed contact details) per customer, the contact left sealed."""
        rows = await conn.fetch("SELECT id, external_id, contact FROM customers WHERE org_id = $1"
                                " AND id = ANY($2::uuid[])", org_id, list(ids))
        return {row["id"]: (row["external_id"], bytes(row["contact"]).decode()) for row in rows}

    async def id_for(self, conn: DB, org_id: UUID, external_id: str) -> UUID | None:
        """The customer's id, without opening its contact details."""
        return await conn.fetchval("SELECT id FROM customers WHERE org_id = $1 AND external_id = $2",
                                   org_id, external_id)
