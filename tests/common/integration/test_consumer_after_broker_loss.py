"""A consumer whose broker stops knowing a partition under a batch in flight (a deleted topic; an
in-memory broker that restarted and auto-created the topic with fewer partitions) does not hang
on the commit the broker keeps refusing: it rebuilds itself, and when the topic is back it
applies every record from the earliest offset on."""

from __future__ import annotations

import asyncio
import contextlib

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from fluxrate_common.kafka.consumer import ConsumerRunner, Record
from fluxrate_common.metrics import CONSUMER_REBUILDS
from fluxrate_platform.devstack import EmbeddedBroker, free_port
from tests.support.processes import eventually
from tests.support.stack import ServerStack

TOPIC = "lost.records.v1"


async def _create_topic(bootstrap: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(TOPIC, partitions, 1)])
    finally:
        await admin.close()


async def _delete_topic(bootstrap: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.delete_topics([TOPIC])
    finally:
        await admin.close()


async def _produce(bootstrap: str, values: list[bytes], partitions: int) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for i, value in enumerate(values):
            await producer.send_and_wait(TOPIC, value, partition=i % partitions)
    finally:
        await producer.stop()


async def test_a_commit_the_broker_keeps_refusing_rebuilds_the_consumer_instead_of_hanging(
        stack: ServerStack, tmp_path) -> None:
    broker = EmbeddedBroker(free_port(), tmp_path / "broker.log")
    broker.start()
    environment = await stack.new_environment(FLUXRATE_KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers,
                                              FLUXRATE_KAFKA_REQUEST_TIMEOUT_MS="3000")
    settings = environment.settings()
    applied: list[bytes] = []
    first_batch_held, broker_replaced = asyncio.Event(), asyncio.Event()

    async def handle(records: list[Record]) -> None:
        if not first_batch_held.is_set():  # hold the first batch while the broker is replaced
            first_batch_held.set()
            await broker_replaced.wait()
        applied.extend(record.value for record in records)

    await _create_topic(broker.bootstrap_servers, 6)
    await _produce(broker.bootstrap_servers, [b"before-%d" % i for i in range(6)], 6)
    runner = ConsumerRunner(settings, service="test", name="lost", topics=[TOPIC], handle_batch=handle)
    task = asyncio.create_task(runner.run())
    try:
        await asyncio.wait_for(first_batch_held.wait(), 60)
        await _delete_topic(broker.bootstrap_servers)
        broker_replaced.set()  # the batch's commit is now refused as retriable, for ever
        rebuilds = CONSUMER_REBUILDS.labels("test", runner.group)
        before = rebuilds._value.get()

        async def rebuilt() -> bool:
            return rebuilds._value.get() > before

        await eventually(rebuilt, timeout=60, interval=0.2)
        await _create_topic(broker.bootstrap_servers, 4)  # back, smaller, as auto-creation makes it
        later = [b"after-%d" % i for i in range(8)]
        await _produce(broker.bootstrap_servers, later, 4)

        async def all_later_applied() -> bool:
            return set(later) <= set(applied)

        await eventually(all_later_applied, timeout=60, interval=0.2)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        broker.stop()
