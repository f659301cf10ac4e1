"""A consumer loop that commits offsets only after the batch's database transaction committed.

Order per batch: fetch -> handle (dedupe, apply, commit the DB transaction) -> commit offsets.
A crash anywhere re-delivers from the last committed offset and the handler's dedup makes the
replay a no-op. Offsets are never auto-committed. A revoked partition waits for the batch in
flight, so a rebalance never commits someone else's progress.

A position the broker does not have (no committed offset yet, or one beyond or before its log:
an in-memory broker that restarted, a recreated topic, retention that removed unread segments)
restarts that partition from the earliest offset the broker has: replays are harmless, skips
are not. A commit the broker keeps refusing (a partition it no longer knows) is abandoned after
the request timeout and the consumer is rebuilt, so it can never hang.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.errors import (
    CommitFailedError,
    KafkaError,
    NoOffsetForPartitionError,
    OffsetOutOfRangeError,
)
from aiokafka.structs import OffsetAndMetadata

from fluxrate_common.kafka.security import client_security
from fluxrate_common.logging import bound_context, get_logger
from fluxrate_common.metrics import (
    CONSUMER_BATCH_SIZE,
    CONSUMER_LAG,
    CONSUMER_POSITION_RESETS,
    CONSUMER_REBUILDS,
)
from fluxrate_common.settings import ServiceSettings

log = get_logger("fluxrate.kafka.consumer")

Record = ConsumerRecord  # ConsumerRecord[bytes, bytes]
BatchHandler = Callable[[list[Record]], Awaitable[None]]


class CommitStalled(KafkaError):
    """The broker kept refusing a commit as retriable past the request timeout."""


class _FinishBatchBeforeRevoke(ConsumerRebalanceListener):
    def __init__(self, lock: asyncio.Lock, on_assigned: Callable[[set[TopicPartition]], None]) -> None:
        self._lock = lock
        self._on_assigned = on_assigned

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        async with self._lock:
            pass

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self._on_assigned(assigned)


class CatchUp:
    """Whether a consumer has read, once since it started, everything that was on its
    partitions when it joined: what readiness waits for, so a service does not say "ready"
    while its read models still miss what happened before it started."""

    def __init__(self) -> None:
        self.done = asyncio.Event()
        self._joined: set[TopicPartition] | None = None  # assigned, not yet measured
        self._measured = False
        self._behind: dict[TopicPartition, int] = {}  # partition -> offset to reach

    def joined(self, assigned: set[TopicPartition]) -> None:
        self._joined, self._measured, self._behind = set(assigned), False, {}

    async def measure(self, consumer: AIOKafkaConsumer) -> None:
        """Once per join: which partitions hold more than this group has committed."""
        if self.done.is_set() or self._joined is None:
            return
        assigned, self._joined = self._joined, None
        ends = await consumer.end_offsets(list(assigned)) if assigned else {}
        for tp, end in ends.items():
            committed = await consumer.committed(tp)
            if end > (committed or 0):
                self._behind[tp] = end
        self._measured = True
        self._check()

    def handled(self, batches: dict[TopicPartition, list[Record]]) -> None:
        for tp, part in batches.items():
            if tp in self._behind and part[-1].offset + 1 >= self._behind[tp]:
                del self._behind[tp]
        self._check()

    def _check(self) -> None:
        if self._measured and not self._behind:
            self.done.set()


class ConsumerRunner:
    def __init__(self, settings: ServiceSettings, *, service: str, name: str, topics: list[str],
                 handle_batch: BatchHandler, max_records: int = 500,
                 catch_up: CatchUp | None = None) -> None:
        self._settings = settings
        self._service = service
        self.group = f"{settings.kafka_namespace}.{service}.{name}"
        self._topics = topics
        self._handle_batch = handle_batch
        self._max_records = max_records
        self._lock = asyncio.Lock()
        self.catch_up = catch_up or CatchUp()

    def _build(self) -> AIOKafkaConsumer:
        s = self._settings
        return AIOKafkaConsumer(
            bootstrap_servers=s.kafka_bootstrap_servers,
            group_id=self.group,
            client_id=self.group,
            enable_auto_commit=False,
            auto_offset_reset="none",  # positions it lacks are reset here, counted and logged
            session_timeout_ms=s.kafka_session_timeout_ms,
            heartbeat_interval_ms=s.kafka_heartbeat_interval_ms,
            fetch_max_wait_ms=s.kafka_fetch_max_wait_ms,
            request_timeout_ms=max(s.kafka_request_timeout_ms, s.kafka_session_timeout_ms + 5000),
            max_partition_fetch_bytes=4 * 1024 * 1024,
            **client_security(s),
        )

    @property
    def _timeout(self) -> float:
        return self._settings.kafka_request_timeout_ms / 1000

    async def run(self) -> None:
        delay = 0.2
        while True:
            consumer = self._build()
            try:
                consumer.subscribe(self._topics, listener=_FinishBatchBeforeRevoke(
                    self._lock, self.catch_up.joined))
                await consumer.start()
                delay = 0.2
                await self._consume(consumer)
            except KafkaError as error:
                log.warning("kafka_consumer_rebuild", group=self.group, error=repr(error))
                CONSUMER_REBUILDS.labels(self._service, self.group).inc()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            finally:
                await self._close(consumer)

    async def _close(self, consumer: AIOKafkaConsumer) -> None:
        try:
            await asyncio.wait_for(consumer.stop(), self._timeout)
        except (KafkaError, TimeoutError) as error:
            log.info("kafka_consumer_close_failed", group=self.group, error=repr(error))
        except asyncio.CancelledError:
            # aiokafka's stop() can surface the cancellation of one of its own tasks (a commit
            # abandoned above); only a cancellation of this task may end the consumer.
            if asyncio.current_task().cancelling():
                raise
            log.info("kafka_consumer_close_cancelled_inside", group=self.group)

    async def _consume(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            await self.catch_up.measure(consumer)
            batches = await self._fetch(consumer)
            if not batches:
                continue
            async with self._lock:
                records = [record for part in batches.values() for record in part]
                with bound_context(consumer=self.group):  # every log line says which consumer
                    await self._handle_until_done(records)
                await self._commit(consumer, batches)
            self.catch_up.handled(batches)
            self._observe(consumer, batches, len(records))

    async def _fetch(self, consumer: AIOKafkaConsumer) -> dict[TopicPartition, list[Record]]:
        try:
            return await consumer.getmany(timeout_ms=1000, max_records=self._max_records)
        except NoOffsetForPartitionError as error:
            await self._restart_from_earliest(consumer, {error.args[0]}, "no_committed_offset")
        except OffsetOutOfRangeError as error:
            await self._restart_from_earliest(consumer, set(error.args[0]), "out_of_range")
        return {}

    async def _restart_from_earliest(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition],
                                     reason: str) -> None:
        level = log.info if reason == "no_committed_offset" else log.warning
        level("consumer_position_reset", group=self.group, reason=reason, policy="earliest",
              partitions=sorted(f"{tp.topic}[{tp.partition}]" for tp in partitions))
        CONSUMER_POSITION_RESETS.labels(self._service, self.group, reason).inc(len(partitions))
        await consumer.seek_to_beginning(*partitions)

    async def _handle_until_done(self, records: list[Record]) -> None:
        delay = 0.1
        while True:
            try:
                await self._handle_batch(records)
                return
            except Exception as error:  # the handler dead-letters poison; anything else is retried
                log.warning("consumer_batch_retry", group=self.group, error=repr(error),
                            records=len(records), retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _commit(self, consumer: AIOKafkaConsumer,
                      batches: dict[TopicPartition, list[Record]]) -> None:
        offsets = {tp: OffsetAndMetadata(part[-1].offset + 1, "") for tp, part in batches.items()}
        try:
            await asyncio.wait_for(consumer.commit(offsets), self._timeout)
        except CommitFailedError as error:
            # The partitions moved to another member, which re-reads them; the dedup drops them.
            log.info("consumer_commit_after_rebalance", group=self.group, error=repr(error))
        except TimeoutError:
            # aiokafka retries a retriable refusal forever; the batch is applied, so rebuilding
            # (rejoin, fresh metadata, committed positions) costs at most a deduplicated replay.
            raise CommitStalled(f"commit not accepted within {self._timeout}s") from None

    def _observe(self, consumer: AIOKafkaConsumer,
                 batches: dict[TopicPartition, list[Record]], count: int) -> None:
        CONSUMER_BATCH_SIZE.labels(self._service, self.group).observe(count)
        for tp, part in batches.items():
            highwater = consumer.highwater(tp)
            if highwater is not None:
                lag = max(highwater - part[-1].offset - 1, 0)
                CONSUMER_LAG.labels(self._service, self.group, tp.topic, str(tp.partition)).set(lag)
