"""Ingest throughput, services run as in production (one process each; ingest with
--ingest-workers processes on its port), printing:

  (a) events/s end to end: HTTP batches of 100 until the rollups hold every event;
  (b) single-event requests/s with p50/p99 latency, driven by wrk (C; installed when missing);
  (c) the raw aiokafka produce-and-consume rate on the same broker, as the ceiling, and (a)/(c);
  (d) (a) again once the aggregator holds --history-events more events (loaded by PostgreSQL
      itself, spread over the --history-days days before today), and (d)/(a);
  (e) a soak at half of (a) for --soak-seconds: consumer lag, memory of every process, errors.

    .venv/bin/python bench/ingest.py [--events 200000] [--history-events 20000000]
                                     [--soak-seconds 600] [--ingest-workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import aiohttp
import asyncpg
import orjson
from _cpu import CpuMeter, backend_cpu, describe, describe_backends
from _history import load_history
from _profile import profiled
from _soak import soak
from _stack import machine, servers
from _wrk import find_wrk, run_wrk
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from fluxrate_common.runner import install_fast_event_loop
from tests.support.api import signup
from tests.support.services import start_services

CUSTOMERS = 1000
SERVICES = ["identity", "catalog", "subscriptions", "ingest", "aggregator"]


def batch_bodies(events: int, run: str) -> list[bytes]:
    bodies = []
    timestamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for start in range(0, events, 100):
        batch = [{"meter_name": "calls", "customer_external_id": f"c{i % CUSTOMERS}",
                  "quantity": 1 + i % 7, "idempotency_key": f"{run}-{i}",
                  "timestamp": timestamp} for i in range(start, start + 100)]
        bodies.append(orjson.dumps({"events": batch}))
    return bodies


async def rollup_count(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT coalesce(sum(count), 0)::bigint FROM aggregator.usage_rollups")


def stack_processes(stack, services) -> dict[str, int]:
    processes = {name: services[name].process.popen.pid for name in ("ingest", "aggregator")}
    processes["postgresql"] = stack.postgres.process.pid
    processes["broker"] = stack.broker.process.pid
    return processes


async def end_to_end(url: str, key: str, database_url: str, events: int, concurrency: int,
                     run: str, processes: dict[str, int] | None = None) -> float:
    bodies = batch_bodies(events, run)
    conn = await asyncpg.connect(database_url)
    before = await rollup_count(conn)
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    meter = CpuMeter(processes or {})
    backends = await backend_cpu(conn)
    started = time.perf_counter()
    async with aiohttp.ClientSession(headers=headers) as http:
        async def worker() -> None:
            while not queue.empty():
                async with http.post(f"{url}/api/v1/usage/batch", data=queue.get_nowait()) as r:
                    assert r.status == 200, await r.text()
                    await r.read()

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    sent = time.perf_counter()
    while await rollup_count(conn) < before + events:
        await asyncio.sleep(0.02)
    finished = time.perf_counter()
    print(f"  {events:,} events sent in {sent - started:.2f} s, all aggregated "
          f"{finished - sent:.2f} s later")
    if processes:
        print(f"  {describe(meter.per_event_us(events))}")
        print(f"  {describe_backends(backends, await backend_cpu(conn), events)}")
    await conn.close()
    return events / (finished - started)


async def raw_kafka(bootstrap: str, messages: int, size: int) -> float:
    """Produce with acks=all and consume the same messages: the libraries' own ceiling."""
    topic = f"bench-raw-{int(time.time())}"
    value = b"x" * size
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2,
                                max_batch_size=256 * 1024)
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest",
                                group_id=None, fetch_max_wait_ms=20)
    await producer.start()
    await consumer.start()
    started = time.perf_counter()

    async def produce() -> None:
        futures = [await producer.send(topic, value, key=str(i % 1000).encode()) for i in range(messages)]
        await asyncio.gather(*futures)

    async def consume() -> None:
        seen = 0
        while seen < messages:
            for records in (await consumer.getmany(timeout_ms=200, max_records=5000)).values():
                seen += len(records)

    await asyncio.gather(produce(), consume())
    elapsed = time.perf_counter() - started
    await producer.stop()
    await consumer.stop()
    return messages / elapsed


async def setup(url_for, database_url: str) -> tuple[str, UUID, UUID, list[UUID]]:
    """An org with a SUM meter and CUSTOMERS customers; its key, and the ids the loader needs."""
    org = await signup(url_for)
    await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    for n in range(CUSTOMERS):
        await org.session.post("/api/v1/customers", {"external_id": f"c{n}"})
    key = await org.api_key("read", "write")
    conn = await asyncpg.connect(database_url)
    try:
        while await conn.fetchval("SELECT count(*) FROM aggregator.customers") < CUSTOMERS:
            await asyncio.sleep(0.1)
        meter = await conn.fetchval("SELECT id FROM aggregator.meters WHERE name = 'calls'")
        customers = [r[0] for r in await conn.fetch("SELECT id FROM aggregator.customers")]
        return key, UUID(org.org_id), meter, customers
    finally:
        await conn.close()


async def stored_events(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetchval("SELECT count(*) FROM aggregator.usage_events")
    finally:
        await conn.close()


def print_singles(args: argparse.Namespace, url: str, key: str, processes: dict[str, int]) -> None:
    wrk = find_wrk()
    for connections in args.wrk_connections:
        meter = CpuMeter(processes)
        result = run_wrk(wrk, url, key, f"single-{connections}", connections=connections,
                         seconds=args.single_seconds)
        requests = max(1, round(result.requests_per_second * args.single_seconds))
        print(f"(b) single events, wrk {connections} connections: {result.requests_per_second:,.0f}"
              f" requests/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms"
              f" ({result.errors} errors)\n      {describe(meter.per_event_us(requests))}")


async def history(args: argparse.Namespace, environment, ids, url: str, key: str, a: float,
                  processes: dict[str, int]) -> None:
    _, org_id, meter, customers = ids
    seconds = await load_history(environment.database_url, org_id, meter, customers,
                                 args.history_events, args.history_days, datetime.now(UTC).date())
    held = await stored_events(environment.database_url)
    print(f"  loaded {args.history_events:,} history events in {seconds:.0f} s; the aggregator"
          f" holds {held:,}")
    d = await end_to_end(url, key, environment.database_url, args.events, args.concurrency,
                         "after-history", processes)
    print(f"(d) end to end with {held:,} events stored: {d:,.0f} events/s; (d)/(a) = {d / a:.2f}")


async def print_soak(args: argparse.Namespace, environment, services, url: str, key: str,
                     a: float) -> None:
    processes = {name: services[name].process.popen.pid for name in SERVICES}
    report = await soak(url, key, environment.database_url, processes, rate=a / 2,
                        seconds=args.soak_seconds, run="soak", counted=rollup_count)
    worst = max((lag for _, lag in report.lags), default=0)
    print(f"(e) soak {args.soak_seconds:.0f} s at {a / 2:,.0f} events/s: {report.sent:,} events,"
          f" {report.errors} errors; lag at most {worst:,} events, bounded: {report.lag_bounded()}")
    growth = report.memory_growth()
    for name, end in report.memory_at_end.items():
        print(f"    {name}: {report.memory_at_minute.get(name, 0):.0f} MB after the first minute,"
              f" {end:.0f} MB at the end ({growth.get(name, 0):+.1%})")


async def main(args: argparse.Namespace) -> None:
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        environment = await stack.new_environment(
            FLUXRATE_KAFKA_FETCH_MAX_WAIT_MS="100", FLUXRATE_LOG_LEVEL="WARNING",
            FLUXRATE_AGGREGATOR_BATCH_RECORDS="2000", FLUXRATE_DB_POOL_MAX_SIZE="20")
        services = await start_services(environment, SERVICES, Path(logs), own_env={
            "ingest": {"FLUXRATE_INGEST_WORKERS": str(args.ingest_workers)}})
        try:
            ids = await setup(services.url_for, environment.database_url)
            key, ingest = ids[0], services["ingest"].url
            await end_to_end(ingest, key, environment.database_url, 5000, 8, "warm-up")
            print(f"machine: {machine()}; ingest workers: {args.ingest_workers}")
            processes = stack_processes(stack, services)
            with profiled({name: processes[name] for name in ("ingest", "aggregator")}, args.profile):
                a = await end_to_end(ingest, key, environment.database_url, args.events,
                                     args.concurrency, "measured", processes)
            print(f"(a) end to end, HTTP batches of 100: {a:,.0f} events/s ({args.events:,} events)")
            with profiled({f"{name}-singles": processes[name] for name in ("ingest", "aggregator")},
                          args.profile):
                print_singles(args, ingest, key, processes)
            c = await raw_kafka(environment.kafka, args.events, 300)
            print(f"(c) raw aiokafka produce+consume, same broker: {c:,.0f} messages/s;"
                  f" (a)/(c) = {a / c:.2f}")
            if args.history_events:
                await history(args, environment, ids, ingest, key, a, processes)
            if args.soak_seconds:
                await print_soak(args, environment, services, ingest, key, a)
        finally:
            services.stop()


def _counts(text: str) -> list[int]:
    return [int(n) for n in text.split(",")]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--single-seconds", type=float, default=10.0)
    parser.add_argument("--wrk-connections", type=_counts, default=[16, 64])
    parser.add_argument("--ingest-workers", type=int, default=1)
    parser.add_argument("--history-events", type=int, default=20_000_000)
    parser.add_argument("--history-days", type=int, default=20)
    parser.add_argument("--soak-seconds", type=float, default=600.0)
    parser.add_argument("--profile", type=Path, default=None,
                        help="a directory: py-spy samples ingest and the aggregator during (a) and (b)")
    install_fast_event_loop()
    asyncio.run(main(parser.parse_args()))
