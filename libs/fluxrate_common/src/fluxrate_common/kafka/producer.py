"""An aiokafka producer that waits for acks=all and says plainly when the broker is away."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    InvalidTimestampError,
    KafkaError,
    MessageSizeTooLargeError,
    RecordListTooLargeError,
    RecordTooLargeError,
)

from fluxrate_common.logging import get_logger
from fluxrate_common.settings import ServiceSettings

log = get_logger("fluxrate.kafka.producer")

Message = tuple[str, bytes | None, bytes] | tuple[str, bytes | None, bytes, int]
# (topic, key, value) partitioned by key, or (topic, key, value, partition) placed explicitly


class BrokerUnavailable(RuntimeError):
    """The broker did not acknowledge in time; nothing may be reported as accepted."""


class MessageRejected(BrokerUnavailable):
    """The broker, or the client before sending, refused a message for what it holds (too
    large, a timestamp out of range): a data error, not an outage. A subclass, so a caller that
    only knows "not acknowledged" still never reports it as accepted; a caller that can tell
    them apart must not treat it as the broker being down."""


_DATA_ERRORS = (MessageSizeTooLargeError, RecordListTooLargeError, RecordTooLargeError,
                InvalidTimestampError)


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

    async def send_all(self, messages: Sequence[Message]) -> None:
        """Returns once every message is acknowledged by the broker, else raises BrokerUnavailable."""
        if self._producer is None:
            raise BrokerUnavailable("not connected to Kafka yet")
        try:
            await self._refresh_if_stale(self._producer)
            await asyncio.wait_for(self._send(self._producer, messages), self._send_timeout)
        except _DATA_ERRORS as error:
            raise MessageRejected(f"Kafka refused a message: {error!r}") from error
        except (KafkaError, TimeoutError, AssertionError) as error:
            # AssertionError: aiokafka's own check of a partition its metadata does not know
            self._metadata_stale = True
            raise BrokerUnavailable(f"Kafka did not acknowledge: {error!r}") from error

    async def _refresh_if_stale(self, producer: AIOKafkaProducer) -> None:
        if self._metadata_stale:
            await asyncio.wait_for(producer.client.force_metadata_update(), self._send_timeout)
            self._metadata_stale = False

    @staticmethod
    async def _send(producer: AIOKafkaProducer, messages: Sequence[Message]) -> None:
        pending = [await producer.send(m[0], value=m[2], key=m[1], partition=m[3] if len(m) > 3 else None)
                   for m in messages]
        await asyncio.gather(*pending)

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
