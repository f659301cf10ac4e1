"""What every catalog use case shares: each change commits the new state, its event
(carrying the full new state, so other services can build read models from the topic alone)
and the outbox row in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

import asyncpg

from fluxrate_common.db.eventstore import append_events
from fluxrate_common.events import EventType


class Aggregate(Protocol):
    id: UUID
    version: int

    def snapshot(self) -> dict[str, Any]: ...


class UseCases:
    def __init__(self, pool: asyncpg.Pool, namespace: str) -> None:
        self._pool = pool
        self._namespace = namespace

    async def _record(self, conn: asyncpg.Connection, event_type: EventType, org_id: UUID,
                      aggregate: Aggregate, now: datetime) -> None:
        event = event_type.make(org_id, now, aggregate.snapshot())
        await append_events(conn, aggregate_type=event_type.name.split(".")[0],
                            aggregate_id=aggregate.id, expected_version=aggregate.version - 1,
                            events=[event], topic=event_type.topic.name(self._namespace))
