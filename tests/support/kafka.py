"""Read what services published, straight from the broker."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition


async def read_topic(bootstrap: str, topic: str, *, until: Any = None,
                     timeout: float = 20.0) -> list[dict[str, Any]]:
    """Every envelope on `topic` from the beginning; with `until`, keep reading until that
    predicate holds for the list read so far."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                enable_auto_commit=False, group_id=None)
    await consumer.start()
    events: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                events += [orjson.loads(r.value) for r in records]
            if until is None and not batch:
                return events
            if until is not None and until(events):
                return events
            await asyncio.sleep(0)
    finally:
        await consumer.stop()
    if until is not None:
        raise AssertionError(f"{topic}: condition not met; read {len(events)} events")
    return events


async def group_caught_up(bootstrap: str, group: str, topic: str) -> bool:
    """Whether `group` has committed the end of every partition of `topic`: nothing it will
    ever apply is still on its way."""
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await reader.start()  # never subscribes: it only reads the group's committed offsets
    try:
        await reader.topics()  # loads the metadata partitions_for_topic reads
        partitions = [TopicPartition(topic, p) for p in reader.partitions_for_topic(topic) or ()]
        ends = await reader.end_offsets(partitions) if partitions else {}
        for tp, end in ends.items():
            committed = await reader.committed(tp)
            if committed is None or committed < end:
                return False
        return bool(ends)
    finally:
        await reader.stop()
