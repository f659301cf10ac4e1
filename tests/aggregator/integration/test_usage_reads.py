"""A usage answer read in several statements describes one moment, however fast events arrive:
the per-window values always add up to the total, and no window names a meter the total lacks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from uuid import uuid4

import orjson

from fluxrate_aggregator.app import SPEC
from fluxrate_aggregator.service import usage_by_meter as _usage
from fluxrate_aggregator.writer import UsageWriter
from tests.support.stack import ServerStack

UUID_ORG, UUID_CUSTOMER, METER = uuid4(), uuid4(), uuid4()
ORG, CUSTOMER = str(UUID_ORG), str(UUID_CUSTOMER)
FIRST_DAY = datetime(2026, 1, 1, tzinfo=UTC)
BATCHES, PER_BATCH = 60, 20


def _record(batch: int) -> SimpleNamespace:
    events = [{"id": str(uuid4()), "customer_id": CUSTOMER, "meter_id": str(METER),
               "aggregation": "SUM", "idempotency_key": f"k{batch}-{i}",
               "timestamp": (FIRST_DAY + timedelta(days=i % 5, hours=batch % 24)).isoformat(),
               "value": "1", "unique_value": None, "properties": {},
               "received_at": datetime.now(UTC).isoformat()} for i in range(PER_BATCH)]
    value = orjson.dumps({"org_id": ORG, "data": {"events": events}})
    return SimpleNamespace(value=value, topic="usage", partition=0, offset=batch, key=None)


async def test_windows_always_add_up_to_the_total_while_events_arrive(stack: ServerStack) -> None:
    pool = await (await stack.new_environment()).migrated_pool(SPEC)
    writer = UsageWriter(pool, SPEC.name, "receipts", retention_days=3650)
    done = asyncio.Event()

    async def write() -> None:
        for batch in range(BATCHES):
            await writer([_record(batch)])
            await asyncio.sleep(0)  # let a reader in between every batch
        done.set()

    async def read() -> int:
        answers = 0
        while not done.is_set():
            data = await _usage(pool, UUID_ORG, UUID_CUSTOMER, None, FIRST_DAY,
                                FIRST_DAY + timedelta(days=7), "day", {METER: "calls"})
            for item in data:
                assert sum(Decimal(w["value"]) for w in item["windows"]) == item["value"]
            answers += 1
        return answers

    try:
        _, answers = await asyncio.gather(write(), read())
        assert answers > 1
        (final,) = await _usage(pool, UUID_ORG, UUID_CUSTOMER, None, FIRST_DAY,
                                FIRST_DAY + timedelta(days=7), "day", {METER: "calls"})
        assert final["value"] == BATCHES * PER_BATCH
    finally:
        await pool.close()

