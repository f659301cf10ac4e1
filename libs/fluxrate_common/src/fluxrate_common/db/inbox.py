"""The consumer inbox: an event's effect and its (consumer, event_id) row commit together."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

import asyncpg

_CLAIM = (
    "INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::uuid[]) "
    "ON CONFLICT DO NOTHING RETURNING event_id"
)


async def claim_new(conn: asyncpg.Connection, consumer: str, event_ids: Sequence[UUID]) -> set[UUID]:
    """Inside a transaction: the ids this consumer has not applied before.

    A concurrent claimer of the same id (an old group member finishing after a rebalance) blocks
    on the uncommitted row and then sees the conflict, so only one of them applies it.
    """
    rows = await conn.fetch(_CLAIM, consumer, list(event_ids))
    return {row[0] for row in rows}
