"""Customer use cases: create, change, upsert by your own id, read."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.db.eventstore import append_events
from fluxrate_common.events import CUSTOMERS, EventType, new_id
from fluxrate_common.events.customers import CUSTOMER_CREATED, CUSTOMER_UPDATED
from fluxrate_common.http.errors import Conflict, NotFound
from fluxrate_common.http.pagination import page
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.domain.customers import CONTACT_FIELDS, Customer


class CustomerService:
    def __init__(self, pool: asyncpg.Pool, repo: CustomerRepository, namespace: str) -> None:
        self._pool = pool
        self._repo = repo
        self._topic = CUSTOMERS.name(namespace)

    async def _publish(self, conn: asyncpg.Connection, customer: Customer, event_type: EventType,
                       now: datetime) -> None:
        # Contact details travel sealed, exactly as they are stored.
        data = {"id": str(customer.id), "external_id": customer.external_id,
                "contact": self._repo.seal(customer).decode(), "metadata": customer.metadata,
                "created_at": customer.created_at, "updated_at": customer.updated_at,
                "version": customer.version}
        await append_events(conn, aggregate_type="customer", aggregate_id=customer.id,
                            expected_version=customer.version - 1,
                            events=[event_type.make(customer.org_id, now, data)],
                            topic=self._topic)

    async def create(self, org_id: UUID, external_id: str, fields: dict[str, Any],
                     now: datetime) -> Customer:
        async with self._pool.acquire() as conn, conn.transaction():
            customer = _new(org_id, external_id, fields, now)
            if not await self._repo.insert(conn, customer):
                raise Conflict("external_id_taken", "a customer with this external_id exists",
                               field="external_id")
            await self._publish(conn, customer, CUSTOMER_CREATED, now)
        return customer

    async def update(self, org_id: UUID, customer_id: UUID, fields: dict[str, Any],
                     now: datetime) -> Customer:
        async with self._pool.acquire() as conn, conn.transaction():
            customer = await self._repo.get(conn, org_id, customer_id, lock=True)
            if customer is None:
                raise NotFound("customer")
            return await self._apply(conn, customer, fields, now)

    async def upsert(self, org_id: UUID, external_id: str, fields: dict[str, Any],
                     now: datetime) -> tuple[Customer, bool]:
        """(customer, created). Concurrent upserts of one new id create it once."""
        async with self._pool.acquire() as conn, conn.transaction():
            customer = await self._repo.by_external_id(conn, org_id, external_id, lock=True)
            if customer is None:
                customer = _new(org_id, external_id, fields, now)
                if await self._repo.insert(conn, customer):
                    await self._publish(conn, customer, CUSTOMER_CREATED, now)
                    return customer, True
                customer = await self._repo.by_external_id(conn, org_id, external_id, lock=True)
            return await self._apply(conn, customer, fields, now), False

    async def _apply(self, conn: asyncpg.Connection, customer: Customer, fields: dict[str, Any],
                     now: datetime) -> Customer:
        updated = customer.update(fields, now)
        if updated is not customer:
            await self._repo.update(conn, updated)
            await self._publish(conn, updated, CUSTOMER_UPDATED, now)
        return updated

    async def get(self, org_id: UUID, customer_id: UUID) -> Customer:
        customer = await self._repo.get(self._pool, org_id, customer_id)
        if customer is None:
            raise NotFound("customer")
        return customer

    async def by_external_id(self, org_id: UUID, external_id: str,
                             conn: asyncpg.Connection | None = None) -> Customer | None:
        return await self._repo.by_external_id(conn or self._pool, org_id, external_id)

    async def list(self, org_id: UUID, limit: int, after: tuple[datetime, UUID] | None,
                   external_id: str | None = None) -> dict[str, Any]:
        """A page of customers, newest first; or the one with this external id, if any."""
        if external_id is not None:
            found = await self.by_external_id(org_id, external_id)
            return {"data": [found] if found else [], "next_cursor": None}
        rows = await self._repo.page(self._pool, org_id, limit, after)
        return page(rows, limit, key=lambda c: (c.created_at, c.id))


def _new(org_id: UUID, external_id: str, fields: dict[str, Any], now: datetime) -> Customer:
    contact = {name: fields[name] for name in CONTACT_FIELDS if name in fields}
    return Customer(new_id(), org_id, external_id, now, now, contact, fields.get("metadata") or {})
