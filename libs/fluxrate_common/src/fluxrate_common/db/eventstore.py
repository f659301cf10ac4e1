"""Append an aggregate's events with optimistic concurrency, and queue them in the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg

from fluxrate_common.db.outbox import write_outbox
from fluxrate_common.events import Envelope
from fluxrate_common.http.errors import Conflict

_APPEND = (
    "INSERT INTO events (event_id, org_id, aggregate_type, aggregate_id, version, type,"
    " occurred_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
)


class ConcurrentModification(Conflict):
    def __init__(self, aggregate_type: str) -> None:
        super().__init__("concurrent_modification",
                         f"the {aggregate_type} changed while this request ran; retry it")


async def append_events(conn: asyncpg.Connection, *, aggregate_type: str, aggregate_id: UUID,
                        expected_version: int, events: Sequence[Envelope], topic: str,
                        key: str | None = None) -> int:
    """Inside the transaction that updated the aggregate's current state. Returns the new version."""
    rows = [
        (e.id, e.org_id, aggregate_type, aggregate_id, expected_version + i + 1, e.type,
         e.occurred_at, e.data)
        for i, e in enumerate(events)
    ]
    try:
        await conn.executemany(_APPEND, rows)
    except asyncpg.UniqueViolationError:
        raise ConcurrentModification(aggregate_type) from None
    await write_outbox(conn, topic, key or str(aggregate_id), events)
    return expected_version + len(events)
