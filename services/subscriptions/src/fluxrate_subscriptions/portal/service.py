"""Portal sessions: issue a signed, short-lived, read-only token for one customer; list and
revoke them. Subscriptions owns them because it owns customers: a session is only ever made
for a customer of the caller's org, checked here in the same place the customer lives."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.auth.portal import PortalClaims, PortalVerifier, expiry, issue_portal_token
from fluxrate_common.auth.revocations import record_revoked_session
from fluxrate_common.db.eventstore import append_events
from fluxrate_common.events import PORTAL_SESSIONS, EventType, new_id
from fluxrate_common.events.portal import PORTAL_SESSION_CREATED, PORTAL_SESSION_REVOKED
from fluxrate_common.http.errors import NotFound
from fluxrate_subscriptions.customers.repository import CustomerRepository

_COLUMNS = "id, customer_id, created_at, expires_at, revoked_at, version"


def public(row: asyncpg.Record | dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "customer_id": row["customer_id"], "created_at": row["created_at"],
            "expires_at": row["expires_at"], "revoked_at": row["revoked_at"]}


def _event_data(row: dict[str, Any]) -> dict[str, Any]:
    return {name: str(row[name]) if isinstance(row[name], UUID) else row[name]
            for name in ("id", "customer_id", "expires_at", "revoked_at", "version")}


class PortalSessions:
    def __init__(self, pool: asyncpg.Pool, verifier: PortalVerifier, customers: CustomerRepository,
                 namespace: str) -> None:
        self._pool = pool
        self._verifier = verifier
        self._customers = customers
        self._topic = PORTAL_SESSIONS.name(namespace)

    async def _customer_id(self, org_id: UUID, customer_id: UUID | None = None,
                           external_id: str | None = None) -> UUID:
        """The org's customer named by id or by external id, else 404."""
        if external_id is not None:
            customer = await self._customers.by_external_id(self._pool, org_id, external_id)
            if customer is None:
                raise NotFound("customer", field="external_id")
            return customer.id
        if await self._customers.get(self._pool, org_id, customer_id) is None:
            raise NotFound("customer")
        return customer_id

    async def create(self, org_id: UUID, customer_id: UUID | None, external_id: str | None,
                     ttl_seconds: int, now: datetime) -> tuple[dict[str, Any], str]:
        """(the session, its token) for the org's customer named by id or by external id."""
        customer_id = await self._customer_id(org_id, customer_id, external_id)
        row = {"id": new_id(), "org_id": org_id, "customer_id": customer_id, "created_at": now,
               "expires_at": expiry(now, ttl_seconds), "revoked_at": None, "version": 1}
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                f"INSERT INTO portal_sessions (org_id, {_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                org_id, row["id"], customer_id, now, row["expires_at"], None, 1)
            await self._publish(conn, row, PORTAL_SESSION_CREATED, now)
        token = issue_portal_token(self._verifier.key, PortalClaims(
            row["id"], org_id, customer_id, row["expires_at"]), now)
        return row, token

    async def list(self, org_id: UUID, customer_id: UUID, limit: int) -> list[asyncpg.Record]:
        customer_id = await self._customer_id(org_id, customer_id)
        return await self._pool.fetch(
            f"SELECT {_COLUMNS} FROM portal_sessions WHERE org_id = $1 AND customer_id = $2"
            " ORDER BY created_at DESC, id DESC LIMIT $3", org_id, customer_id, limit)

    async def revoke(self, org_id: UUID, customer_id: UUID, session_id: UUID,
                     now: datetime) -> dict[str, Any]:
        """Revoking twice is harmless: the second answer is the session as revoked."""
        async with self._pool.acquire() as conn, conn.transaction():
            found = await conn.fetchrow(
                f"SELECT {_COLUMNS} FROM portal_sessions WHERE org_id = $1 AND customer_id = $2"
                " AND id = $3 FOR UPDATE", org_id, customer_id, session_id)
            if found is None:
                raise NotFound("portal_session")
            row = dict(found)
            if row["revoked_at"] is None:
                row.update(revoked_at=now, version=row["version"] + 1)
                await conn.execute("UPDATE portal_sessions SET revoked_at = $2, version = $3"
                                   " WHERE id = $1", session_id, now, row["version"])
                await record_revoked_session(conn, session_id, org_id, row["expires_at"])
                await self._publish(conn, {**row, "org_id": org_id}, PORTAL_SESSION_REVOKED, now)
        self._verifier.revoked.revoked_now(session_id, row["expires_at"])
        return row

    async def _publish(self, conn: asyncpg.Connection, row: dict[str, Any],
                       event_type: EventType, now: datetime) -> None:
        event = event_type.make(row["org_id"], now, _event_data(row))
        await append_events(conn, aggregate_type="portal_session", aggregate_id=row["id"],
                            expected_version=row["version"] - 1, events=[event], topic=self._topic)
