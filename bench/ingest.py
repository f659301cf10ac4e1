"""Ingest throughput, services run as in production (one process each), printing:

  (a) events/s end to end: HTTP batches of 100 until the rollups hold every event;
  (b) single-event requests/s with p50/p99 latency;
  (c) the raw aiokafka produce-and-consume rate on the same broker, as the ceiling, and (a)/(c).

    .venv/bin/python bench/ingest.py [--events 200000] [--single-seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import aiohttp
import asyncpg
import orjson
from _stack import machine, percentile, servers
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from fluxrate_common.runner import install_fast_event_loop
from tests.support.api import signup
from tests.support.services import start_services

CUSTOMERS = 1000
SERVICES = ["identity", "catalog", "subscriptions", "ingest", "aggregator"]


def batch_bodies(events: int, run: str) -> list[bytes]:
    bodies = []
    for start in range(0, events, 100):
        batch = [{"meter_name": "calls", "customer_external_id": f"c{i % CUSTOMERS}",
                  "quantity": 1 + i % 7, "idempotency_key": f"{run}-{i}",
                  "timestamp": "2026-11-20T10:00:00Z"} for i in range(start, start + 100)]
        bodies.append(orjson.dumps({"events": batch}))
    return bodies


async def rollup_count(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT coalesce(sum(count), 0) FROM aggregator.usage_rollups")


async def end_to_end(url: str, key: str, database_url: str, events: int, concurrency: int,
                     run: str) -> float:
    bodies = batch_bodies(events, run)
    conn = await asyncpg.connect(database_url)
    before = await rollup_count(conn)
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
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
    await conn.close()
    print(f"  {events:,} events sent in {sent - started:.2f} s, all aggregated "
          f"{finished - sent:.2f} s later")
    return events / (finished - started)


async def single_events(url: str, key: str, seconds: float, concurrency: int) -> tuple[float, list[float]]:
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    counter = iter(range(10**9))
    async with aiohttp.ClientSession(headers=headers, connector=aiohttp.TCPConnector(limit=0)) as http:
        async def worker() -> None:
            while time.perf_counter() < deadline:
                n = next(counter)
                body = orjson.dumps({"meter_name": "calls", "customer_external_id": f"c{n % CUSTOMERS}",
                                     "quantity": 1, "idempotency_key": f"single-{concurrency}-{n}"})
                t = time.perf_counter()
                async with http.post(f"{url}/api/v1/usage", data=body) as r:
                    await r.read()
                    assert r.status == 202, r.status
                latencies.append(time.perf_counter() - t)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, latencies


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


async def setup(url_for) -> str:
    org = await signup(url_for)
    await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    for n in range(CUSTOMERS):
        await org.session.post("/api/v1/customers", {"external_id": f"c{n}"})
    return await org.api_key("read", "write")


async def main(args: argparse.Namespace) -> None:
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        environment = await stack.new_environment(
            FLUXRATE_KAFKA_FETCH_MAX_WAIT_MS="100", FLUXRATE_LOG_LEVEL="WARNING",
            FLUXRATE_AGGREGATOR_BATCH_RECORDS="2000", FLUXRATE_DB_POOL_MAX_SIZE="20")
        services = await start_services(environment, SERVICES, Path(logs))
        try:
            key = await setup(services.url_for)
            ingest = services["ingest"].url
            await end_to_end(ingest, key, environment.database_url, 5000, 8, "warm-up")
            print(f"machine: {machine()}")
            a = await end_to_end(ingest, key, environment.database_url, args.events, args.concurrency,
                                 "measured")
            print(f"(a) end to end, HTTP batches of 100: {a:,.0f} events/s ({args.events:,} events)")
            for clients in (16, 64):
                rate, latencies = await single_events(ingest, key, args.single_seconds, clients)
                p50, p99 = percentile(latencies, 0.5) * 1e3, percentile(latencies, 0.99) * 1e3
                print(f"(b) single events, {clients} clients: {rate:,.0f} requests/s, "
                      f"p50 {p50:.1f} ms, p99 {p99:.1f} ms")
            c = await raw_kafka(environment.kafka, args.events, 300)
            print(f"(c) raw aiokafka produce+consume, same broker: {c:,.0f} messages/s")
            print(f"(a)/(c) = {a / c:.2f}")
        finally:
            services.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--single-seconds", type=float, default=10.0)
    install_fast_event_loop()
    asyncio.run(main(parser.parse_args()))
