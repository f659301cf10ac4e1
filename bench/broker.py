"""What one request costs the embedded broker (Tansu), in its own CPU time: the unit price every
stage pays per flush, poll and commit, which small single-event flushes cannot spread.

  produce     acks=all, one small message to one partition, and one to each of six partitions
              in one request (what a flush of a few single events sends)
  fetch       a fetch that finds nothing (max wait 0), one that waits for data that never comes
              (max wait 100 ms, the services' default), and one that returns a message

    .venv/bin/python bench/broker.py [--requests 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from _cpu import cpu_seconds
from _stack import machine
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.protocol.fetch import FetchRequest
from aiokafka.structs import TopicPartition

from fluxrate_common.runner import install_fast_event_loop
from fluxrate_platform.devstack.broker import EmbeddedBroker
from fluxrate_platform.devstack.ports import free_port

TOPIC = "bench.broker"
PARTITIONS = 6
WAITING_FETCHES = 30  # 3 s of waiting: enough for the 10 ms resolution of a process's CPU time


def fetch_request(partition: int, offset: int, max_wait_ms: int) -> FetchRequest:
    return FetchRequest(max_wait_ms, 1, 1024 * 1024, 0, [(TOPIC, [(partition, offset, 1024 * 1024)])])


async def timed(broker_pid: int, label: str, requests: int, one: Callable[[], Awaitable[object]]) -> None:
    cpu, start = cpu_seconds(broker_pid), time.perf_counter()
    for _ in range(requests):
        await one()
    cpu, wall = cpu_seconds(broker_pid) - cpu, time.perf_counter() - start
    print(f"  {label}: {cpu / requests * 1e6:,.0f} µs of broker CPU, {wall / requests * 1e3:.2f} ms each")


async def produce_all(producer: AIOKafkaProducer, partitions: int) -> None:
    sent = [await producer.send(TOPIC, b"x" * 200, partition=p) for p in range(partitions)]
    await asyncio.gather(*sent)


async def measure(broker: EmbeddedBroker, requests: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
    await admin.start()
    await admin.create_topics([NewTopic(TOPIC, PARTITIONS, 1)])
    await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()
    try:
        pid = broker.process.pid
        print("produce, acks=all:")
        await timed(pid, "one message, one partition", requests, lambda: produce_all(producer, 1))
        await timed(pid, f"one message to each of {PARTITIONS} partitions, one request", requests,
                    lambda: produce_all(producer, PARTITIONS))
        client = producer.client
        node = client.cluster.leader_for_partition(TopicPartition(TOPIC, 0))
        end = 2 * requests  # partition 0 holds one message per produce above
        print("fetch, one partition:")
        await timed(pid, "nothing there, max wait 0", requests,
                    lambda: client.send(node, fetch_request(0, end, 0)))
        await timed(pid, "nothing there, max wait 100 ms", WAITING_FETCHES,
                    lambda: client.send(node, fetch_request(0, end, 100)))
        await timed(pid, "one message there", requests,
                    lambda: client.send(node, fetch_request(0, end - 1, 0)))
    finally:
        await producer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    install_fast_event_loop()
    with tempfile.TemporaryDirectory(prefix="fluxrate-bench-") as workdir:
        broker = EmbeddedBroker(free_port(), Path(workdir) / "broker.log")
        broker.start()
        try:
            asyncio.run(measure(broker, args.requests))
        finally:
            broker.stop()


if __name__ == "__main__":
    main()
