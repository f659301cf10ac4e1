"""Webhook tests' common moves: the services that make customer events and send them, retries
fast enough for a test, an endpoint, many customers at once, and the delivery state in SQL."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from tests.support.api import Org

# identity signs up and keys; subscriptions makes customers (customer.created); webhooks sends.
SERVICES = ["identity", "subscriptions", "webhooks"]
FAST = {
    "FLUXRATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true",  # receivers on loopback
    "FLUXRATE_WEBHOOKS_RETRY_SCHEDULE_SECONDS": "[0.05, 0.1, 0.2, 0.4]",
    "FLUXRATE_WEBHOOKS_RETRY_WINDOW_SECONDS": "600",
    "FLUXRATE_WEBHOOKS_POLL_INTERVAL_MS": "20",
    "FLUXRATE_WEBHOOKS_TIMEOUT_SECONDS": "1",
}


async def endpoint(org: Org, url: str, event_types: tuple[str, ...] = ("*",)) -> dict[str, Any]:
    reply = await org.session.post("/api/v1/webhook-endpoints",
                                   {"url": url, "event_types": list(event_types)})
    assert reply.status == 201, reply.body
    return reply.body


async def create_customers(org: Org, count: int, prefix: str = "c", parallel: int = 16) -> None:
    """`count` customers (a customer.created event each), `parallel` requests at a time."""
    async def one(n: int) -> None:
        reply = await org.session.put(f"/api/v1/customers/external/{prefix}{n}",
                                      {"name": f"Customer {n}", "email": f"{prefix}{n}@example.com"})
        assert reply.status in (200, 201), reply.body

    for start in range(0, count, parallel):
        await asyncio.gather(*(one(n) for n in range(start, min(count, start + parallel))))


async def statuses(conn: asyncpg.Connection) -> dict[str, int]:
    rows = await conn.fetch("SELECT status, count(*) FROM webhooks.deliveries GROUP BY status")
    return {row[0]: row[1] for row in rows}


async def attempt_errors(conn: asyncpg.Connection, like: str) -> int:
    return await conn.fetchval("SELECT count(*) FROM webhooks.attempts WHERE error LIKE $1", like)
