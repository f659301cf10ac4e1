"""The standard batch handler: decode envelopes, drop what the inbox has seen, apply the rest,
all in one transaction; a record that cannot be applied is dead-lettered, not lost or looped on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg
from pydantic import ValidationError

from fluxrate_common.db.deadletters import Parked, park
from fluxrate_common.db.inbox import claim_new
from fluxrate_common.events import Envelope
from fluxrate_common.kafka.consumer import Record
from fluxrate_common.logging import get_logger
from fluxrate_common.metrics import CONSUMER_RECORDS
from fluxrate_common.retry import TransientError

log = get_logger("fluxrate.applier")

Apply = Callable[[asyncpg.Connection, Envelope], Awaitable[None]]
ApplyBatch = Callable[[asyncpg.Connection, list[Envelope]], Awaitable[None]]
TRANSIENT = (TransientError, OSError, TimeoutError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError,
             asyncpg.DeadlockDetectedError, asyncpg.SerializationError,
             asyncpg.TooManyConnectionsError, asyncpg.CannotConnectNowError)



class InboxApplier:
    def __init__(self, pool: asyncpg.Pool, *, service: str, consumer: str,
                 apply: Apply | None = None, apply_batch: ApplyBatch | None = None) -> None:
        """Give `apply` (one event at a time) or `apply_batch` (all of a batch's new events,
        in order: for consumers that write many rows in few statements)."""
        self._pool = pool
        self._service = service
        self._consumer = consumer
        self._apply_batch = apply_batch or _one_at_a_time(apply)

    async def __call__(self, records: list[Record]) -> None:
        decoded, undecodable = _decode(records)
        async with self._pool.acquire() as conn:
            try:
                async with conn.transaction():
                    await self._apply_new(conn, decoded)
                    await self._dead_letter(conn, undecodable)
            except TRANSIENT:
                raise
            except Exception:
                await self._apply_one_at_a_time(conn, decoded, undecodable)

    async def replay(self, record: Record) -> None:
        """An operator's replay of a dead letter: applied as if never seen (its inbox row, kept
        when it was parked, goes), or an error and nothing changes."""
        envelope = Envelope.from_bytes(record.value)
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM inbox WHERE consumer = $1 AND event_id = $2",
                               self._consumer, envelope.id)
            await claim_new(conn, self._consumer, [envelope.id])
            await self._apply_batch(conn, [envelope])

    async def _apply_new(self, conn: asyncpg.Connection, decoded: list[tuple[Record, Envelope]]) -> None:
        fresh = await claim_new(conn, self._consumer, [env.id for _, env in decoded])
        applied = len(fresh)
        new = []
        for _, envelope in decoded:
            if envelope.id in fresh:  # the first copy of each new event, in order
                fresh.discard(envelope.id)
                new.append(envelope)
        if new:
            await self._apply_batch(conn, new)
        self._count("applied", applied)
        self._count("duplicate", len(decoded) - applied)

    async def _apply_one_at_a_time(self, conn: asyncpg.Connection,
                                   decoded: list[tuple[Record, Envelope]],
                                   undecodable: list[tuple[Record, str]]) -> None:
        for record, envelope in decoded:
            async with conn.transaction():
                if not await claim_new(conn, self._consumer, [envelope.id]):
                    continue
                try:
                    async with conn.transaction():  # a savepoint: the inbox row stays
                        await self._apply_batch(conn, [envelope])
                except TRANSIENT:
                    raise
                except Exception as error:
                    await self._dead_letter(conn, [(record, repr(error))])
        async with conn.transaction():
            await self._dead_letter(conn, undecodable)

    async def _dead_letter(self, conn: asyncpg.Connection, failed: list[tuple[Record, str]]) -> None:
        await dead_letter(conn, self._consumer, failed)
        self._count("dead_lettered", len(failed))

    def _count(self, outcome: str, n: int) -> None:
        CONSUMER_RECORDS.labels(self._service, self._consumer, outcome).inc(n)


def _one_at_a_time(apply: Apply | None) -> ApplyBatch:
    if apply is None:
        raise ValueError("give apply or apply_batch")

    async def apply_each(conn: asyncpg.Connection, envelopes: list[Envelope]) -> None:
        for envelope in envelopes:
            await apply(conn, envelope)

    return apply_each


async def dead_letter(conn: asyncpg.Connection, consumer: str,
                      failed: list[tuple[Record, str]]) -> None:
    """Keep records that can never be applied, with their error, in the same transaction."""
    await park(conn, consumer, [Parked(r.topic, r.partition, r.offset, r.key, r.value, error)
                                for r, error in failed])


def _decode(records: list[Record]) -> tuple[list[tuple[Record, Envelope]], list[tuple[Record, str]]]:
    decoded, undecodable = [], []
    for record in records:
        try:
            decoded.append((record, Envelope.from_bytes(record.value)))
        except (ValidationError, ValueError) as error:
            undecodable.append((record, f"undecodable envelope: {error}"))
    return decoded, undecodable
