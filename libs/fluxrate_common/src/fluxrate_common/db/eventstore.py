"""Append an aggregate's events with optimistic concurrency, and queue them in the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from fluxrate_common.db.outbox import INSERT_OUTBOX as _OUTBOX
from fluxrate_common.errors import Conflict
from fluxrate_common.events import Envelope, declared

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
    await append_events_many(conn, [Append(aggregate_type, aggregate_id, expected_version, events,
                                           topic, key)])
    return expected_version + len(events)


@dataclass(frozen=True)
class Append:
    aggregate_type: str
    aggregate_id: UUID
    expected_version: int
    events: Sequence[Envelope]
    topic: str
    key: str | None = None


async def append_events_many(conn: asyncpg.Connection, appends: Sequence[Append]) -> None:
    """Many aggregates' events in two statements (events, outbox): batch jobs write hundreds
    of aggregates per transaction, and each round trip counts."""
    rows, outbox = [], []
    for a in appends:
        for i, e in enumerate(a.events):
            declared(e)  # an undeclared type never reaches the outbox
            rows.append((e.id, e.org_id, a.aggregate_type, a.aggregate_id,
                         a.expected_version + i + 1, e.type, e.occurred_at, e.data))
            outbox.append((e.id, a.topic, (a.key or str(a.aggregate_id)).encode(), e.to_bytes()))
    if not rows:
        return
    try:
        await conn.executemany(_APPEND, rows)
    except asyncpg.UniqueViolationError:
        raise ConcurrentModification(appends[0].aggregate_type) from None
    await conn.executemany(_OUTBOX, outbox)
