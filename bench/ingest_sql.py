"""PostgreSQL's part of ingest's hot path, per event, timed statement by statement against a real
server and the product's own schema, statements and encoding: what the end-to-end run
(`bench/ingest.py`) cannot tell apart on a noisy machine.

  edge claim       ingest claims a flush's idempotency keys (`batcher.claim_keys`)
  keep + confirm   ingest keeps the flush's messages until the receipt deletes them
  store + fold     the aggregator stores the events and folds them into rollups

    .venv/bin/python bench/ingest_sql.py [--events-per-flush 1000] [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import uuid4

import asyncpg
from _cpu import cpu_seconds
from _stack import machine, percentile, servers

from fluxrate_aggregator.app import SPEC as AGGREGATOR
from fluxrate_aggregator.domain.usage import UsageMessage, decode_message
from fluxrate_aggregator.partitions import PartitionDays
from fluxrate_aggregator.writer import UsageWriter
from fluxrate_common.app import migrate_schema
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import fast_id
from fluxrate_common.runner import install_fast_event_loop
from fluxrate_ingest import unconfirmed
from fluxrate_ingest.app import SPEC as INGEST
from fluxrate_ingest.batcher import UsageEncoder, claim_keys
from fluxrate_ingest.domain.usage import MeterView, Submitted, UsageRecord, build_record
from fluxrate_ingest.service import window
from fluxrate_ingest.unconfirmed import UsageMessage as KeptMessage

PARTITIONS = 12
ORG = uuid4()
METER = MeterView(uuid4(), ORG, "calls", uuid4(), "SUM", "calls", (), True)
CUSTOMERS = [uuid4() for _ in range(1000)]


def flush_of(events: int, first: int) -> list[UsageRecord]:
    accepted = window(35, 300).at(datetime.now(UTC))
    return [build_record(fast_id(), ORG, CUSTOMERS[n % len(CUSTOMERS)], METER,
                         Submitted(Decimal(1 + n % 7), accepted.now, f"key-{n}", {}), accepted)
            for n in range(first, first + events)]


async def timed(pool: asyncpg.Pool, events: int, step: Callable[[Any, asyncpg.Connection], Awaitable[None]],
                inputs: list[Any]) -> tuple[float, float]:
    """µs per event of `step` over every flush's input: the server's CPU (its backend's, from
    /proc: what load on the machine moves least) and the median flush's wall time."""
    samples = []
    async with pool.acquire() as conn:
        backend = await conn.fetchval("SELECT pg_backend_pid()")
        cpu = cpu_seconds(backend)
        for flush in inputs:
            started = time.perf_counter()
            await step(flush, conn)
            samples.append(time.perf_counter() - started)
        cpu = cpu_seconds(backend) - cpu
    return cpu / len(inputs) / events * 1e6, percentile(samples, 0.5) / events * 1e6


async def claim(flush: list[UsageRecord], conn: asyncpg.Connection) -> None:
    ordered = sorted(flush, key=lambda r: (r.org_id, r.idempotency_key))  # as the batcher claims
    async with conn.transaction():
        await claim_keys(conn, [(r.org_id, r.idempotency_key) for r in ordered],
                         [r.fingerprint for r in ordered])


async def keep_and_confirm(messages: list[KeptMessage], conn: asyncpg.Connection) -> None:
    async with conn.transaction():
        await unconfirmed.keep(conn, messages)
    async with conn.transaction():
        await unconfirmed.confirm(conn, [m.id for m in messages])


def store_and_fold(writer: UsageWriter) -> Callable[[list[UsageMessage], asyncpg.Connection],
                                                     Awaitable[None]]:
    async def step(messages: list[UsageMessage], conn: asyncpg.Connection) -> None:
        async with conn.transaction():
            await writer._write(conn, messages)
    return step


async def main(args: argparse.Namespace) -> None:
    with servers() as stack:
        settings = (await stack.new_environment()).settings()
        for spec in (INGEST, AGGREGATOR):
            await migrate_schema(settings, spec)
        ingest = await create_pool(settings.database_url, INGEST.name)
        aggregator = await create_pool(settings.database_url, AGGREGATOR.name)
        await PartitionDays(aggregator).ensure({datetime.now(UTC).date()})
        flushes = [flush_of(args.events_per_flush, n * args.events_per_flush) for n in range(args.rounds)]
        messages = [UsageEncoder().encode(flush, PARTITIONS) for flush in flushes]
        decoded = [[decode_message(m.value) for m in flush] for flush in messages]
        writer = UsageWriter(aggregator, AGGREGATOR.name, "receipts", retention_days=35)
        print(f"machine: {machine()}; {args.rounds} flushes of {args.events_per_flush:,} events,"
              f" {len(messages[0])} messages each")
        for name, pool, step, inputs in (("edge claim", ingest, claim, flushes),
                                         ("keep + confirm", ingest, keep_and_confirm, messages),
                                         ("store + fold", aggregator, store_and_fold(writer), decoded)):
            cpu, wall = await timed(pool, args.events_per_flush, step, inputs)
            print(f"  {name}: PostgreSQL CPU {cpu:.1f} µs per event; median flush {wall:.1f} µs"
                  " per event, wall time")
        await ingest.close()
        await aggregator.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events-per-flush", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=40)
    install_fast_event_loop()
    asyncio.run(main(parser.parse_args()))
