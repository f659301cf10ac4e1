"""Acknowledged usage kept until the aggregator confirms it, and published again if lost.

Ingest answers 202 only once the broker acknowledged a message *and* the message is written
here, in the transaction that claims its idempotency keys. The aggregator's receipts (message
ids it stored, published through its outbox) delete the rows. A row still here is published
again, unchanged, when:

- the aggregator confirmed a message published at least `MOVED_PAST` later on the same
  partition — it reads a partition in order, so this one was lost on the way;
- its partition no longer exists (a topic recreated smaller);
- it is older than the redelivery age (a lost message with nothing after it on its partition);
- at start-up, when the broker is one that forgets (the embedded dev broker).

The aggregator stores every event under a unique (org, idempotency key), so a second copy of a
message that did arrive changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg

from fluxrate_common.db.deadletters import Parked, park
from fluxrate_common.events import Envelope
from fluxrate_common.events.usage import USAGE_STORED

MOVED_PAST = timedelta(seconds=5)
USAGE_TOPIC = "usage"  # how a parked message names where it was going
_KEEP = ("INSERT INTO unconfirmed_usage (message_id, partition, payload)"
         " SELECT * FROM unnest($1::uuid[], $2::int[], $3::bytea[])")
_CONFIRM = """
WITH gone AS (DELETE FROM unconfirmed_usage WHERE message_id = ANY($1::uuid[])
              RETURNING partition, published_at)
INSERT INTO usage_partition_progress AS p (partition, confirmed_through)
SELECT partition, max(published_at) FROM gone GROUP BY partition
ON CONFLICT (partition) DO UPDATE
   SET confirmed_through = greatest(p.confirmed_through, excluded.confirmed_through)
"""
_LOST = """
SELECT u.message_id, u.partition, u.payload FROM unconfirmed_usage u
  LEFT JOIN usage_partition_progress p USING (partition)
 WHERE u.published_at < $1 OR u.partition >= $2 OR u.published_at < now() - $3::interval
    OR u.published_at < p.confirmed_through - $4::interval
 ORDER BY u.published_at LIMIT $5 FOR UPDATE OF u SKIP LOCKED
"""
_REPUBLISHED = ("UPDATE unconfirmed_usage SET published_at = clock_timestamp(),"
                " redeliveries = redeliveries + 1, partition = m.partition"
                " FROM unnest($1::uuid[], $2::int[]) AS m(id, partition) WHERE message_id = m.id")


class UsageMessage(NamedTuple):
    id: Any  # a UUID (uuid_utils' on the hot path)
    partition: int
    value: bytes


async def keep(conn: asyncpg.Connection, messages: list[UsageMessage]) -> None:
    await conn.execute(_KEEP, [m.id for m in messages], [m.partition for m in messages],
                       [m.value for m in messages])


async def confirm(conn: asyncpg.Connection, message_ids: list[UUID]) -> None:
    await conn.execute(_CONFIRM, message_ids)


async def lost(conn: asyncpg.Connection, *, published_before: datetime, partitions: int,
               max_age: timedelta, limit: int) -> list[UsageMessage]:
    """Messages to publish again (everything published before `published_before` counts as
    lost too), locked for this transaction."""
    rows = await conn.fetch(_LOST, published_before, partitions, max_age, MOVED_PAST, limit)
    return [UsageMessage(row[0], row[1], row[2]) for row in rows]


async def backlog(conn: asyncpg.Connection) -> tuple[int, float]:
    """How many messages wait for a receipt, and the age in seconds of the oldest."""
    row = await conn.fetchrow("SELECT count(*), coalesce(extract(epoch FROM now() - min(published_at)),"
                              " 0)::float8 FROM unconfirmed_usage")
    return row[0], row[1]


async def republished(conn: asyncpg.Connection, messages: list[UsageMessage]) -> None:
    await conn.execute(_REPUBLISHED, [m.id for m in messages], [m.partition for m in messages])


async def give_up(conn: asyncpg.Connection, refused: list[tuple[UsageMessage, str]]) -> None:
    """Messages the broker will never take (it cannot happen to messages ingest encodes; kept
    for an operator, not retried for ever)."""
    await park(conn, "usage-redelivery", [Parked(USAGE_TOPIC, m.partition, -1, None, m.value, error)
                                          for m, error in refused])
    await conn.execute("DELETE FROM unconfirmed_usage WHERE message_id = ANY($1::uuid[])",
                       [m.id for m, _ in refused])


def receipt_ids(raw: bytes) -> list[UUID]:
    """The message ids of one aggregator receipt; ValueError if it is not one."""
    try:
        return USAGE_STORED.parse(Envelope.from_bytes(raw)).messages
    except ValueError as error:  # a pydantic ValidationError is one too
        raise ValueError(f"malformed usage receipt: {error!r}") from None
