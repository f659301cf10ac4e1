"""Dead letters: records a stage could not apply because of what they contain, parked with
their error so the stage goes on for everyone else, and kept until an operator replays them
(after a fix) or discards them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg
import orjson

from fluxrate_common.logging import get_logger

log = get_logger("fluxrate.deadletters")
RELAY = "outbox-relay"  # the consumer name of records the outbox relay could not publish

_PARK = (
    'INSERT INTO dead_letters (consumer, topic, partition, "offset", key, value, error, org_id)'
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
)
_COLUMNS = ('id, consumer, topic, partition, "offset", org_id, error, received_at, resolved_at,'
            " resolution")


class Parked(NamedTuple):
    topic: str
    partition: int  # -1: never published (the relay's)
    offset: int  # the outbox row's id for the relay's
    key: bytes | None
    value: bytes | None
    error: str


def org_of(value: bytes | None) -> UUID | None:
    """The org an envelope says it belongs to, if it can be read at all."""
    try:
        return UUID(orjson.loads(value)["org_id"])
    except (TypeError, KeyError, ValueError, orjson.JSONDecodeError):
        return None


async def park(conn: asyncpg.Connection, consumer: str, parked: Sequence[Parked]) -> None:
    """Inside the stage's transaction: the records stay, with their error."""
    for item in parked:
        log.error("dead_letter", consumer=consumer, topic=item.topic, partition=item.partition,
                  offset=item.offset, error=item.error)
    if parked:
        await conn.executemany(_PARK, [(consumer, p.topic, p.partition, p.offset, p.key, p.value,
                                        p.error, org_of(p.value)) for p in parked])


async def open_counts(pool: asyncpg.Pool) -> dict[str, int]:
    rows = await pool.fetch("SELECT consumer, count(*) FROM dead_letters WHERE resolved_at IS NULL"
                            " GROUP BY consumer")
    return {row[0]: row[1] for row in rows}


async def page(pool: asyncpg.Pool, *, consumer: str | None, state: str, limit: int,
               before: int | None) -> list[asyncpg.Record]:
    return await pool.fetch(
        f"SELECT {_COLUMNS} FROM dead_letters WHERE ($1::text IS NULL OR consumer = $1)"
        " AND ($2 = 'all' OR ($2 = 'open') = (resolved_at IS NULL))"
        " AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4",
        consumer, state, before, limit + 1)


async def get(pool: asyncpg.Pool, dead_letter_id: int) -> asyncpg.Record | None:
    return await pool.fetchrow(f"SELECT {_COLUMNS}, key, value FROM dead_letters WHERE id = $1",
                               dead_letter_id)


async def resolve(conn: Any, dead_letter_id: int, resolution: str) -> bool:
    """Marks an open dead letter replayed or discarded; False if it was not open."""
    done = await conn.fetchval("UPDATE dead_letters SET resolved_at = now(), resolution = $2"
                               " WHERE id = $1 AND resolved_at IS NULL RETURNING id",
                               dead_letter_id, resolution)
    return done is not None
