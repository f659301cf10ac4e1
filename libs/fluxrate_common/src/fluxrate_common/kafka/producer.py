"""An aiokafka producer that waits for acks=all and says plainly when the broker is away."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import NamedTuple

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    CorruptRecordException,
    InvalidTimestampError,
    KafkaError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
)

from fluxrate_common.kafka.security import client_security
from fluxrate_common.logging import get_logger
from fluxrate_common.settings import ServiceSettings

log = get_logger("fluxrate.kafka.producer")

Message = tuple[str, bytes | None, bytes] | tuple[str, bytes | None, bytes, int]
# (topic, key, value) partitioned by key, or (topic, key, value, partition) placed explicitly


class BrokerUnavailable(RuntimeError):
    """The broker did not acknowledge in time; nothing may be reported as accepted."""


class Refused(NamedTuple):
    """A message the broker will never take as it is: a data failure, not an outage."""

    index: int
    error: str


REFUSED_FOR_WHAT_IT_IS = (MessageSizeTooLargeError, RecordTooLargeError, RecordListTooLargeError,
                          CorruptRecordException, InvalidTimestampError)


class Producer:
    """Connects in the background (a service starts even while Kafka is down) and turns every
    failure to get an acknowledgement into `BrokerUnavailable`."""

    def __init__(self, settings: ServiceSettings, client_id: str, *, linger_ms: int = 0,
                 send_timeout: float = 10.0) -> None:
        self._settings = settings
        self._client_id = client_id
        self._linger_ms = linger_ms
        self._send_timeout = send_timeout
        self._producer: AIOKafkaProducer | None = None
        self._connecting: asyncio.Task[None] | None = None
        # After a failure the broker may have come back different (a restarted in-memory
        # broker recreates topics with other partitions): look again before the next send.
        self._metadata_stale = False

    def _build(self) -> AIOKafkaProducer:
        s = self._settings
        return AIOKafkaProducer(
            bootstrap_servers=s.kafka_bootstrap_servers,
            client_id=self._client_id,
            acks="all",
            enable_idempotence=s.kafka_enable_idempotence,
            linger_ms=self._linger_ms,
            request_timeout_ms=s.kafka_request_timeout_ms,
            max_batch_size=256 * 1024,
            **client_security(s),
        )

    async def start(self) -> None:
        self._connecting = asyncio.create_task(self._connect_until_up())

    async def wait_started(self, timeout: float) -> None:
        if self._connecting is not None:
            await asyncio.wait_for(asyncio.shield(self._connecting), timeout)

    async def _connect_until_up(self) -> None:
        delay = 0.2
        while True:
            producer = self._build()
            try:
                await producer.start()
            except KafkaError as error:
                await producer.stop()
                log.warning("kafka_producer_connect_retry", error=repr(error), retry_in=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            self._producer = producer
            return

    @property
    def started(self) -> bool:
        return self._producer is not None

    @property
    def client(self) -> AIOKafkaProducer | None:
        return self._producer

    async def send_all(self, messages: Sequence[Message]) -> list[Refused]:
        """Returns once every message is acknowledged, except those the broker refuses for what
        they are (too large, corrupt: returned, by index, to be parked), else raises
        BrokerUnavailable: nothing the broker did not acknowledge may count as sent."""
        if self._producer is None:
            raise BrokerUnavailable("not connected to Kafka yet")
        try:
            await self._refresh_if_stale(self._producer)
            return await asyncio.wait_for(self._send(self._producer, messages), self._send_timeout)
        except (KafkaError, TimeoutError, AssertionError) as error:
            # AssertionError: aiokafka's own check of a partition its metadata does not know
            self._metadata_stale = True
            raise BrokerUnavailable(f"Kafka did not acknowledge: {error!r}") from error

    async def _refresh_if_stale(self, producer: AIOKafkaProducer) -> None:
        if self._metadata_stale:
            await asyncio.wait_for(producer.client.force_metadata_update(), self._send_timeout)
            self._metadata_stale = False

    @staticmethod
    async def _send(producer: AIOKafkaProducer, messages: Sequence[Message]) -> list[Refused]:
        pending, refused = [], []
        for index, m in enumerate(messages):
            try:
                pending.append((index, await producer.send(
                    m[0], value=m[2], key=m[1], partition=m[3] if len(m) > 3 else None)))
            except REFUSED_FOR_WHAT_IT_IS as error:
                refused.append(Refused(index, repr(error)))
        results = await asyncio.gather(*(future for _, future in pending), return_exceptions=True)
        for (index, _), result in zip(pending, results, strict=True):
            if isinstance(result, REFUSED_FOR_WHAT_IT_IS):
                refused.append(Refused(index, repr(result)))
            elif isinstance(result, BaseException):
                raise result
        return sorted(refused)

    async def partition_count(self, topic: str) -> int:
        if self._producer is None:
            raise BrokerUnavailable("not connected to Kafka yet")
        try:
            await self._refresh_if_stale(self._producer)
            partitions = await asyncio.wait_for(self._producer.partitions_for(topic), self._send_timeout)
        except (KafkaError, TimeoutError) as error:
            self._metadata_stale = True
            raise BrokerUnavailable(f"Kafka did not answer: {error!r}") from error
        return len(partitions)

    async def stop(self) -> None:
        if self._connecting is not None and not self._connecting.done():
            self._connecting.cancel()
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
