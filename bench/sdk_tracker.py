"""The SDK's background tracker: events/s from one Python process into the stack, services run
as in production (one process each, as bench/ingest.py starts them), printing:

  (a) events/s accepted: from the first `track()` until `close()` returns (every batch
      answered 202/200 by ingest);
  (b) events/s end to end: until the aggregator's rollups hold every event.

    .venv/bin/python bench/sdk_tracker.py [--events 200000] [--in-flight 2 4]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import asyncpg
from _stack import machine, servers
from ingest import CUSTOMERS, SERVICES, rollup_count, setup

from fluxrate import Fluxrate
from tests.support.services import start_services


def run_tracker(url: str, key: str, token: str, events: int, in_flight: int) -> float:
    with Fluxrate(api_key=key, base_url=url) as client:
        started = time.perf_counter()
        with client.usage.tracker(max_in_flight=in_flight) as tracker:
            for i in range(events):
                tracker.track(meter_token=token, customer_external_id=f"c{i % CUSTOMERS}",
                              quantity=1 + i % 7)
        elapsed = time.perf_counter() - started
    stats = tracker.stats
    assert stats.accepted == events and stats.failed == stats.rejected == 0, stats
    return elapsed


async def measure(url: str, key: str, token: str, database_url: str, events: int,
                  in_flight: int) -> tuple[float, float]:
    conn = await asyncpg.connect(database_url)
    before = await rollup_count(conn)
    started = time.perf_counter()
    sent = await asyncio.to_thread(run_tracker, url, key, token, events, in_flight)
    while await rollup_count(conn) < before + events:
        await asyncio.sleep(0.02)
    finished = time.perf_counter() - started
    await conn.close()
    return events / sent, events / finished


async def main(args: argparse.Namespace) -> None:
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        environment = await stack.new_environment(
            FLUXRATE_KAFKA_FETCH_MAX_WAIT_MS="100", FLUXRATE_LOG_LEVEL="WARNING",
            FLUXRATE_AGGREGATOR_BATCH_RECORDS="2000", FLUXRATE_DB_POOL_MAX_SIZE="20")
        services = await start_services(environment, SERVICES, Path(logs))
        try:
            key = await setup(services.url_for)
            with Fluxrate(api_key=key, base_url=services["catalog"].url) as client:
                token = str(next(iter(client.meters.list())).meter_token)
            ingest = services["ingest"].url
            await measure(ingest, key, token, environment.database_url, 5000, 2)  # warm-up
            print(f"machine: {machine()}")
            for in_flight in args.in_flight:
                accepted, end_to_end = await measure(ingest, key, token, environment.database_url,
                                                     args.events, in_flight)
                print(f"SDK tracker, batches of 1,000, {in_flight} in flight: {accepted:,.0f} "
                      f"events/s accepted, {end_to_end:,.0f} events/s end to end "
                      f"({args.events:,} events)")
        finally:
            services.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--in-flight", type=int, nargs="+", default=[2, 4])
    asyncio.run(main(parser.parse_args()))
