"""PostgreSQL's part of ingest's hot path, per event, timed statement by statement against a real
server and the product's own schema, statements and encoding: what the end-to-end run
(`bench/ingest.py`) cannot tell apart on a noisy machine.

  edge claim       ingest claims a flush's idempotency keys (`batcher._CLAIM_KEYS`)
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
from uuid import UUID, uuid4

import asyncpg
from _cpu import cpu_seconds
from _stack import machine, percentile, servers

from fluxrate_aggregator.app import SPEC as AGGREGATOR
from fluxrate_aggregator.domain.usage import decode_message
from fluxrate_aggregator.partitions import PartitionDays
from fluxrate_aggregator.writer import UsageWriter
from fluxrate_common.app import migrate_schema
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import fast_id
from fluxrate_common.runner import install_fast_event_loop
from fluxrate_ingest import unconfirmed
from fluxrate_ingest.app import SPEC as INGEST
from fluxrate_ingest.batcher import _CLAIM_KEYS, UsageEncoder
from fluxrate_ingest.domain.usage import MeterView, Submitted, UsageRecord, build_record
from fluxrate_ingest.service import window

PARTITIONS = 12
ORG = uuid4()
METER = MeterView(uuid4(), ORG, "calls", uuid4(), "SUM", "calls", (), True)
CUSTOMERS = [uuid4() for _ in range(1000)]


def flush_of(events: int, first: int) -> list[UsageRecord]:
    accepted = window(35, 300).at(datetime.now(UTC))
    return [build_record(fast_id(), ORG, CUSTOMERS[n % len(CUSTOMERS)], METER,
                         Submitted(Decimal(1 + n % 7), accepted.now, f"key-{n}", {}), accepted)
            for n in range(first, first + events)]


async def timed(pool: asyncpg.Pool, rounds: int, events: int,
                step: Callable[[asyncpg.Connection, int], Awaitable[None]]) -> tuple[float, float]:
    """µs per event of `step` over `rounds` flushes: the server's CPU (its backend's, from
    /proc: what load on the machine moves least) and the median flush's wall time."""
    samples = []
    async with pool.acquire() as conn:
        backend = await conn.fetchval("SELECT pg_backend_pid()")
        cpu = cpu_seconds(backend)
        for n in range(rounds):
            started = time.perf_counter()
            await step(conn, n)
            samples.append(time.perf_counter() - started)
        cpu = cpu_seconds(backend) - cpu
    return cpu / rounds / events * 1e6, percentile(samples, 0.5) / events * 1e6


async def main(args: argparse.Namespace) -> None:
    with servers() as stack:
        environment = await stack.new_environment()
        settings = environment.settings()
        for spec in (INGEST, AGGREGATOR):
            await migrate_schema(settings, spec)
        ingest = await create_pool(settings.database_url, INGEST.name)
        aggregator = await create_pool(settings.database_url, AGGREGATOR.name)
        flushes = [flush_of(args.events_per_flush, n * args.events_per_flush) for n in range(args.rounds)]
        messages = [UsageEncoder().encode(flush, PARTITIONS) for flush in flushes]
        await PartitionDays(aggregator).ensure({datetime.now(UTC).date()})
        writer = UsageWriter(aggregator, AGGREGATOR.name, "receipts", retention_days=35)

        async def claim(conn: asyncpg.Connection, n: int) -> None:
            keys = sorted((r.org_id, r.idempotency_key) for r in flushes[n])
            async with conn.transaction():
                await conn.fetch(_CLAIM_KEYS, [k[0] for k in keys], [k[1] for k in keys],
                                 [r.fingerprint for r in flushes[n]])

        async def keep_and_confirm(conn: asyncpg.Connection, n: int) -> None:
            async with conn.transaction():
                await unconfirmed.keep(conn, messages[n])
            async with conn.transaction():
                await unconfirmed.confirm(conn, [UUID(str(m.id)) for m in messages[n]])

        decoded = [[decode_message(m.value) for m in flush] for flush in messages]

        async def store_and_fold(conn: asyncpg.Connection, n: int) -> None:
            async with conn.transaction():
                await writer._write(conn, decoded[n])

        print(f"machine: {machine()}; {args.rounds} flushes of {args.events_per_flush:,} events,"
              f" {len(messages[0])} messages each")
        for name, pool, step in (("edge claim", ingest, claim),
                                 ("keep + confirm", ingest, keep_and_confirm),
                                 ("store + fold", aggregator, store_and_fold)):
            cpu, wall = await timed(pool, args.rounds, args.events_per_flush, step)
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
