"""Webhook delivery, services run as in production (one process each) with a fast receiver on
loopback. Prints:

- deliveries/s: N customer.created events wait in Kafka while the webhooks service is stopped;
  from its start, the rate at which the receiver gets them (fan-out, signing, HTTP, settling);
- the delay from the state change (the event's `timestamp`: when the customer was created) to
  the receiver, p50 and p99, while customers are created at a steady rate.

    .venv/bin/python bench/webhooks.py [--events 5000] [--endpoints 1] [--rate 100]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import orjson
from _stack import machine, percentile, servers
from aiohttp import web

from fluxrate_common.runner import install_fast_event_loop
from fluxrate_platform.devstack import free_port
from tests.support.api import Org, signup
from tests.support.processes import wait_until_ready
from tests.support.services import Services, start_services

SERVICES = ["identity", "subscriptions", "webhooks"]
SETTINGS = {"FLUXRATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true", "FLUXRATE_LOG_LEVEL": "ERROR"}


class FastReceiver:
    """Answers 204 at once; notes when each event arrived and when it happened."""

    def __init__(self) -> None:
        self.port = free_port()
        self.arrivals: list[tuple[float, str]] = []  # (wall clock on arrival, event timestamp)

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()
        return runner

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.arrivals.append((time.time(), orjson.loads(body)["timestamp"]))
        return web.Response(status=204)


async def customers(org: Org, first: int, count: int, rate: float | None, width: int = 16) -> None:
    """Create `count` customers, at `rate` per second when given (else as fast as they go)."""
    started, queue = time.perf_counter(), iter(range(first, first + count))

    async def worker() -> None:
        for n in queue:
            if rate:
                await asyncio.sleep(max(0.0, started + (n - first) / rate - time.perf_counter()))
            reply = await org.session.put(f"/api/v1/customers/external/w{n}", {"name": f"W {n}"})
            assert reply.status in (200, 201), reply.body

    await asyncio.gather(*(worker() for _ in range(width)))


async def until_received(receiver: FastReceiver, count: int) -> None:
    while len(receiver.arrivals) < count:
        await asyncio.sleep(0.01)


async def throughput(services: Services, org: Org, receiver: FastReceiver, events: int,
                     endpoints: int) -> float:
    webhooks = services["webhooks"]
    webhooks.process.stop()
    await customers(org, 0, events, None)
    webhooks.process.start()
    await wait_until_ready(f"{webhooks.url}/readyz", webhooks.process, timeout=120)
    await until_received(receiver, 1)
    first = time.perf_counter()
    await until_received(receiver, events * endpoints)
    return (events * endpoints - 1) / (time.perf_counter() - first)


async def delay(org: Org, receiver: FastReceiver, events: int, endpoints: int,
                rate: float) -> list[float]:
    already = len(receiver.arrivals)
    await customers(org, 10_000_000, events, rate)
    await until_received(receiver, already + events * endpoints)
    return [(arrived - datetime.fromisoformat(happened).timestamp()) * 1000
            for arrived, happened in receiver.arrivals[already:]]


_BREAKDOWN = """
SELECT percentile_cont(ARRAY[0.5, 0.99])
         WITHIN GROUP (ORDER BY extract(epoch FROM d.created_at - m.occurred_at)),
       percentile_cont(ARRAY[0.5, 0.99])
         WITHIN GROUP (ORDER BY extract(epoch FROM a.attempted_at - d.created_at))
  FROM webhooks.deliveries d JOIN webhooks.messages m ON m.id = d.message_id
  JOIN webhooks.attempts a ON a.delivery_id = d.id WHERE m.occurred_at > $1
"""


async def breakdown(database_url: str, since: datetime) -> tuple[list[float], list[float]]:
    """(event -> delivery made, delivery made -> first attempt), p50 and p99, in ms."""
    conn = await asyncpg.connect(database_url)
    try:
        fanout, dispatch = await conn.fetchrow(_BREAKDOWN, since)
    finally:
        await conn.close()
    return [v * 1000 for v in fanout], [v * 1000 for v in dispatch]


async def main(args: argparse.Namespace) -> None:
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        environment = await stack.new_environment(**SETTINGS)
        services = await start_services(environment, SERVICES, Path(logs))
        receiver = FastReceiver()
        runner = await receiver.start()
        try:
            org = await signup(services.url_for)
            for _ in range(args.endpoints):
                reply = await org.session.post("/api/v1/webhook-endpoints", {
                    "url": f"http://127.0.0.1:{receiver.port}/hook", "event_types": ["*"]})
                assert reply.status == 201, reply.body
            rate = await throughput(services, org, receiver, args.events, args.endpoints)
            since = datetime.now(UTC)
            delays = await delay(org, receiver, args.delay_events, args.endpoints, args.rate)
            fanout, dispatch = await breakdown(environment.database_url, since)
        finally:
            await runner.cleanup()
            services.stop()
    print(f"webhooks on {machine()} ({datetime.now(UTC):%Y-%m-%d}), {args.endpoints} endpoint(s)")
    print(f"  deliveries to a fast local receiver: {rate:,.0f}/s ({args.events:,} events waiting)")
    print(f"  state change -> receiver at {args.rate:g} changes/s: p50 {percentile(delays, 0.5):.0f} ms,"
          f" p99 {percentile(delays, 0.99):.0f} ms, max {max(delays):.0f} ms"
          f" ({len(delays):,} deliveries)")
    print(f"    of which event -> delivery made (outbox, Kafka, fan-out): p50 {fanout[0]:.0f} ms,"
          f" p99 {fanout[1]:.0f} ms; made -> attempt started: p50 {dispatch[0]:.0f} ms,"
          f" p99 {dispatch[1]:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--endpoints", type=int, default=1)
    parser.add_argument("--rate", type=float, default=100.0, help="changes per second (delay)")
    parser.add_argument("--delay-events", type=int, default=2000)
    install_fast_event_loop()
    asyncio.run(main(parser.parse_args()))
