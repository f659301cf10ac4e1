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
from itertools import islice
from uuid import UUID

import asyncpg

from fluxrate_common.events import fast_id
from fluxrate_common.http.json import dumps
from fluxrate_common.kafka.partitioning import KeyPartitioner
from fluxrate_common.kafka.producer import BrokerUnavailable, MessageRejected, Producer
from fluxrate_common.logging import get_logger
from fluxrate_ingest import unconfirmed
from fluxrate_ingest.domain.usage import UsageRecord
from fluxrate_ingest.unconfirmed import UsageMessage

log = get_logger("fluxrate.ingest.batcher")

# Returns only the keys that were there before (usually none): returning every inserted row
# costs as much as inserting it.
_CLAIM_KEYS = (
    "WITH claimed AS (INSERT INTO edge_keys (org_id, idempotency_key)"
    " SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING"
    " RETURNING org_id, idempotency_key)"
    " SELECT o, k FROM unnest($1::uuid[], $2::text[]) AS wanted(o, k)"
    " EXCEPT SELECT org_id, idempotency_key FROM claimed"
)
EVENTS_PER_MESSAGE = 500
# Well under Kafka's default limits on a message and a request (1 MiB): a message of many large
# events is split in halves until it fits, so only an event too large by itself is refused.
MAX_MESSAGE_BYTES = 512 * 1024


@dataclass
class _Pending:
    records: list[UsageRecord]
    done: asyncio.Future[list[bool]]


def _event(record: UsageRecord) -> dict[str, object]:
    event: dict[str, object] = {
        "id": record.id, "customer_id": record.customer_id, "meter_id": record.meter.id,
        "aggregation": record.meter.aggregation, "idempotency_key": record.idempotency_key,
        "timestamp": record.timestamp, "value": record.value, "unique_value": record.unique_value,
        "properties": record.properties, "received_at": record.received_at,
    }
    if record.meter.filters:
        event["filters"] = record.meter.filters
    return event


class UsageEncoder:
    """One message per partition and org per flush. Each event goes to the partition Kafka
    would choose for the key `org_id:customer_id`, so a customer's events stay in order on one
    partition, while a flush costs a handful of messages rather than one per customer."""

    def __init__(self) -> None:
        self._partitioner = KeyPartitioner()

    def encode(self, records: list[UsageRecord], partitions: int) -> list[UsageMessage]:
        groups: dict[tuple[int, UUID], list[UsageRecord]] = {}
        for record in records:
            key = f"{record.org_id}:{record.customer_id}".encode()
            partition = self._partitioner.partition(key, partitions)
            groups.setdefault((partition, record.org_id), []).append(record)
        messages: list[UsageMessage] = []
        for (partition, org_id), group in groups.items():
            chunks = iter(group)
            while chunk := list(islice(chunks, EVENTS_PER_MESSAGE)):
                messages.extend(self._fitting(partition, org_id, chunk))
        return messages

    def _fitting(self, partition: int, org_id: UUID, chunk: list[UsageRecord]) -> list[UsageMessage]:
        message_id = fast_id()
        value = dumps({"id": message_id, "type": "usage.recorded", "schema_version": 1,
                       "org_id": org_id, "occurred_at": chunk[0].received_at,
                       "data": {"events": [_event(r) for r in chunk]}})
        if len(value) > MAX_MESSAGE_BYTES and len(chunk) > 1:
            half = len(chunk) // 2
            return (self._fitting(partition, org_id, chunk[:half])
                    + self._fitting(partition, org_id, chunk[half:]))
        return [UsageMessage(message_id, partition, value)]


def _fail(batch: list[_Pending], error: BaseException) -> None:
    for pending in batch:
        if not pending.done.done():
            pending.done.set_exception(error)


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

    async def submit(self, records: list[UsageRecord]) -> list[bool]:
        """True for each record published now, False for a repeat of a key already accepted."""
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
        except MessageRejected as error:
            # One request's data, not the broker: flush the halves apart (the transaction rolled
            # back, so nothing was claimed) until only the request that holds it fails.
            if len(batch) > 1:
                middle = len(batch) // 2
                await self._flush_batch(batch[:middle])
                await self._flush_batch(batch[middle:])
                return
            log.warning("ingest_message_rejected", error=repr(error))
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

    async def _flush(self, records: list[UsageRecord]) -> list[bool]:
        # Claim keys in one global order, so two flushes sharing keys can never deadlock.
        keys = sorted({(r.org_id, r.idempotency_key) for r in records})
        columns = ([org_id for org_id, _ in keys], [key for _, key in keys])
        async with self._pool.acquire() as conn, conn.transaction():
            taken = {(row[0], row[1]) for row in await conn.fetch(_CLAIM_KEYS, *columns)}
            outcomes = []
            for record in records:  # a key twice in one batch: the first copy wins
                key = (record.org_id, record.idempotency_key)
                outcomes.append(key not in taken)
                taken.add(key)
            published = [r for r, new in zip(records, outcomes, strict=True) if new]
            if published:
                partitions = await self._producer.partition_count(self._topic)
                await self._publish_and_keep(conn, self._encoder.encode(published, partitions))
        return outcomes

    async def _publish_and_keep(self, conn: asyncpg.Connection, messages: list[UsageMessage]) -> None:
        """Both at once (the broker and PostgreSQL answer in parallel); both must succeed."""
        sent, kept = await asyncio.gather(
            self._producer.send_all([(self._topic, None, m.value, m.partition) for m in messages]),
            unconfirmed.keep(conn, messages), return_exceptions=True)
        for outcome in (sent, kept):
            if isinstance(outcome, BaseException):
                raise outcome
