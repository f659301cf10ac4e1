"""Group commit at the edge: concurrent requests share one transaction and one Kafka flush.

A flush inserts the batch's idempotency keys (ON CONFLICT DO NOTHING tells new from repeated),
publishes the new events with acks=all while it keeps the same messages in `unconfirmed_usage`
(until the aggregator confirms them), and only then commits. A second copy of a key that
arrives while the first is in flight waits on the first's uncommitted row: if the first is
published it is a duplicate, if the broker failed it goes through itself. Nothing is answered
"accepted" before the broker acknowledged it and PostgreSQL holds it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

import asyncpg

from fluxrate_common.events import fast_id
from fluxrate_common.events.usage import USAGE_RECORDED
from fluxrate_common.http.json import dumps
from fluxrate_common.kafka.partitioning import KeyPartitioner
from fluxrate_common.kafka.producer import BrokerUnavailable, Producer
from fluxrate_common.logging import get_logger
from fluxrate_ingest import unconfirmed
from fluxrate_ingest.domain.usage import UsageRecord, uuid_text
from fluxrate_ingest.unconfirmed import UsageMessage

log = get_logger("fluxrate.ingest.batcher")

# The command's row count says how many keys were new: usually all, and then nothing more is asked.
_CLAIM_KEYS = ("INSERT INTO edge_keys (org_id, idempotency_key, fingerprint)"
               " SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[]) ON CONFLICT DO NOTHING")
# A separate statement, so it sees a row another flush committed while this one waited on it.
# The rows this transaction inserted itself carry its own transaction id.
_TAKEN_BEFORE = ("SELECT org_id, idempotency_key, fingerprint FROM edge_keys"
                 " WHERE (org_id, idempotency_key) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))"
                 " AND xmin <> pg_current_xact_id()::xid")
EVENTS_PER_MESSAGE = 500
# Well under the 1 MiB a Kafka broker and aiokafka take by default: one org's large events can
# never make a message the broker refuses (an event is at most ~9 KiB: its bag is <= 8 KiB).
MESSAGE_BYTES = 512 * 1024


Claim = Literal["accepted", "duplicate", "reused"]


def claim_of(record: UsageRecord, taken: dict[Any, bytes | None]) -> Claim:
    """A key claimed before: the same event again (or a key kept from before fingerprints)
    is a duplicate; any other event under that key is a reuse, and refused."""
    key = (record.org_id, record.idempotency_key)
    if key not in taken:
        return "accepted"
    earlier = taken[key]
    return "duplicate" if earlier is None or earlier == record.fingerprint else "reused"


@dataclass
class _Pending:
    records: list[UsageRecord]
    done: asyncio.Future[list[Claim]]


def _event(record: UsageRecord) -> dict[str, object]:
    """Ids and the value as text already: orjson then encodes the event without calling back
    into Python."""
    value = record.value
    event: dict[str, object] = {
        "id": str(record.id), "customer_id": uuid_text(record.customer_id),
        "meter_id": uuid_text(record.meter.id), "aggregation": record.meter.aggregation,
        "idempotency_key": record.idempotency_key, "timestamp": record.timestamp,
        "value": None if value is None else format(value, "f"),
        "unique_value": record.unique_value, "properties": record.properties,
        "received_at": record.received_at,
    }
    if record.meter.filters:
        event["filters"] = record.meter.filters
    return event


class UsageEncoder:
    """One message per partition and org per flush. Each event goes to the partition Kafka
    would choose for the key `org_id:customer_id`, so a customer's events stay in order on one
    partition, while a flush costs a handful of messages rather than one per customer."""

    def __init__(self) -> None:
        self._partitioner = KeyPartitioner(lambda org_id, customer_id: f"{org_id}:{customer_id}".encode())

    def encode(self, records: list[UsageRecord], partitions: int) -> list[UsageMessage]:
        groups: dict[tuple[int, UUID], list[UsageRecord]] = {}
        for record in records:
            partition = self._partitioner.partition((record.org_id, record.customer_id), partitions)
            groups.setdefault((partition, record.org_id), []).append(record)
        messages: list[UsageMessage] = []
        for (partition, _), group in groups.items():
            events = [_event(r) for r in group]
            if len(events) <= EVENTS_PER_MESSAGE:  # usually: the whole message in one call
                whole = _message(partition, group[0], events)
                if len(whole.value) <= MESSAGE_BYTES:
                    messages.append(whole)
                    continue
            for chunk in _chunks([dumps(event) for event in events]):
                empty = _message(partition, group[0], [])
                value = empty.value[:-3] + b",".join(chunk) + empty.value[-3:]  # into "[]}}"
                messages.append(empty._replace(value=value))
        return messages


def _message(partition: int, first: UsageRecord, events: list[dict[str, object]]) -> UsageMessage:
    message_id = fast_id()
    return UsageMessage(message_id, partition, dumps({
        "id": message_id, "type": USAGE_RECORDED.name, "schema_version": USAGE_RECORDED.version,
        "org_id": first.org_id, "occurred_at": first.received_at, "data": {"events": events}}))


def _chunks(encoded: list[bytes]) -> list[list[bytes]]:
    """Consecutive runs of at most EVENTS_PER_MESSAGE events and MESSAGE_BYTES bytes."""
    chunks: list[list[bytes]] = [[]]
    size = 0
    for event in encoded:
        if chunks[-1] and (len(chunks[-1]) == EVENTS_PER_MESSAGE or size + len(event) > MESSAGE_BYTES):
            chunks.append([])
            size = 0
        chunks[-1].append(event)
        size += len(event) + 1
    return chunks


class MessageRefused(Exception):
    """The broker refused a usage message for what it holds: that request's data, never a
    reason to open the breaker for everyone."""


def _fail(batch: list[_Pending], error: BaseException) -> None:
    for pending in batch:
        if not pending.done.done():
            pending.done.set_exception(error)


async def claim_keys(conn: asyncpg.Connection, keys: list[tuple[UUID, str]],
                     fingerprints: list[bytes]) -> dict[Any, bytes | None]:
    """Claims `keys` inside the open transaction; returns the fingerprints of the keys that were
    claimed before (usually none)."""
    orgs, names = [org_id for org_id, _ in keys], [key for _, key in keys]
    status = await conn.execute(_CLAIM_KEYS, orgs, names, fingerprints)
    if int(status.rsplit(" ", 1)[1]) == len(keys):
        return {}
    rows = await conn.fetch(_TAKEN_BEFORE, orgs, names)
    return {(row[0], row[1]): row[2] for row in rows}


class EdgeBatcher:
    def __init__(self, pool: asyncpg.Pool, producer: Producer, topic: str, *,
                 flushers: int = 2, max_batch: int = 5000, breaker_seconds: float = 1.0) -> None:
        self._pool = pool
        self._producer = producer
        self._topic = topic
        self._encoder = UsageEncoder()
        self._flushers = flushers
        self._max_batch = max_batch
        self._breaker_seconds = breaker_seconds
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._broker_down_until = 0.0

    async def submit(self, records: list[UsageRecord]) -> list[Claim]:
        """Per record: published now, a repeat of an event already accepted, or its key reused
        for another event."""
        loop = asyncio.get_running_loop()
        if loop.time() < self._broker_down_until:
            raise BrokerUnavailable("Kafka was unreachable a moment ago")
        pending = _Pending(records, loop.create_future())
        self._queue.put_nowait(pending)
        return await pending.done

    async def run(self) -> None:
        await asyncio.gather(*(self._flush_forever() for _ in range(self._flushers)))

    async def _flush_forever(self) -> None:
        while True:
            batch = [await self._queue.get()]
            size = len(batch[0].records)
            while not self._queue.empty() and size < self._max_batch:
                batch.append(self._queue.get_nowait())
                size += len(batch[-1].records)
            await self._flush_batch(batch)

    async def _flush_batch(self, batch: list[_Pending]) -> None:
        try:
            outcomes = await self._flush([r for p in batch for r in p.records])
        except MessageRefused as error:
            # One request's data, not the broker: flush the halves apart (the transaction rolled
            # back, so nothing was claimed) until only the request that holds it fails.
            if len(batch) > 1:
                middle = len(batch) // 2
                await self._flush_batch(batch[:middle])
                await self._flush_batch(batch[middle:])
                return
            log.warning("ingest_message_refused", error=repr(error))
            _fail(batch, error)
            return
        except Exception as error:  # every waiting request must hear of it, whatever it is
            if isinstance(error, BrokerUnavailable):  # the broker itself: the breaker opens
                self._broker_down_until = asyncio.get_running_loop().time() + self._breaker_seconds
                log.warning("ingest_flush_failed", error=repr(error), requests=len(batch))
            else:
                log.exception("ingest_flush_failed", requests=len(batch))
            _fail(batch, error)
            return
        start = 0
        for pending in batch:
            end = start + len(pending.records)
            if not pending.done.done():
                pending.done.set_result(outcomes[start:end])
            start = end

    async def _flush(self, records: list[UsageRecord]) -> list[Claim]:
        fingerprints: dict[tuple[UUID, str], bytes] = {}
        for record in records:  # a key twice in one batch: the first copy claims it
            fingerprints.setdefault((record.org_id, record.idempotency_key), record.fingerprint)
        # Claim keys in one global order, so two flushes sharing keys can never deadlock.
        keys = sorted(fingerprints)
        async with self._pool.acquire() as conn, conn.transaction():
            taken = await claim_keys(conn, keys, [fingerprints[k] for k in keys])
            outcomes = []
            for record in records:
                key = (record.org_id, record.idempotency_key)
                outcomes.append(claim_of(record, taken))
                taken.setdefault(key, record.fingerprint)
            published = [r for r, claim in zip(records, outcomes, strict=True) if claim == "accepted"]
            if published:
                partitions = await self._producer.partition_count(self._topic)
                await self._publish_and_keep(conn, self._encoder.encode(published, partitions))
        return outcomes

    async def _publish_and_keep(self, conn: asyncpg.Connection, messages: list[UsageMessage]) -> None:
        """Both at once (the broker and PostgreSQL answer in parallel); both must succeed."""
        refused, kept = await asyncio.gather(
            self._producer.send_all([(self._topic, None, m.value, m.partition) for m in messages]),
            unconfirmed.keep(conn, messages), return_exceptions=True)
        for outcome in (refused, kept):
            if isinstance(outcome, BaseException):
                raise outcome
        if refused:  # messages are capped well under the broker's limit, yet: not an outage
            raise MessageRefused(f"the broker refused usage messages: {refused}")
