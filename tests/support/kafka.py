"""Read what services published, straight from the broker."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer


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
