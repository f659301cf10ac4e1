"""Latency of `GET /api/v1/entitlements/check` for a metered feature (target: p99 under 5 ms),
services run as in production (one process each).

    .venv/bin/python bench/entitlements.py [--requests 3000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import aiohttp
from _stack import machine, percentile, servers

from fluxrate_common.runner import install_fast_event_loop
from tests.support.api import signup
from tests.support.processes import eventually
from tests.support.services import start_services

SERVICES = ["identity", "catalog", "subscriptions", "ingest", "aggregator"]


async def setup(url_for) -> str:
    org = await signup(url_for)
    meter = await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "SUM"})
    feature = await org.session.post("/api/v1/features", {
        "name": "api_calls", "type": "METER", "meter_id": meter.body["id"], "limit": 100000})
    plan = await org.session.post("/api/v1/plans", {
        "name": "Pro", "type": "USAGE", "interval": "month", "currency": "USD",
        "features": [{"feature_id": feature.body["id"]}]})
    await org.session.put("/api/v1/customers/external/user_123", {"name": "Bench"})
    await org.session.post("/api/v1/subscriptions", {"customer_external_id": "user_123",
                                                     "plan_id": plan.body["id"]})
    key = await org.api_key("read", "write")
    api = org.session.with_key(key)
    await api.post("/api/v1/usage/batch", {"events": [
        {"meter_name": "api_calls", "customer_external_id": "user_123", "quantity": 3,
         "idempotency_key": f"e{i}"} for i in range(500)]})

    async def counted() -> bool:
        reply = await api.get("/api/v1/entitlements/check", params={
            "customer_external_id": "user_123", "feature": "api_calls"})
        return reply.status == 200 and reply.body.get("usage") == "1500"

    await eventually(counted, timeout=30)
    return key


async def measure(url: str, key: str, requests: int, clients: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    params = {"customer_external_id": "user_123", "feature": "api_calls"}
    remaining = iter(range(requests))
    async with aiohttp.ClientSession(headers={"X-API-Key": key}) as http:
        async def worker() -> None:
            for _ in remaining:
                started = time.perf_counter()
                async with http.get(f"{url}/api/v1/entitlements/check", params=params) as r:
                    await r.read()
                    assert r.status == 200
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return requests / (time.perf_counter() - began), latencies


async def main(args: argparse.Namespace) -> None:
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        environment = await stack.new_environment(
            FLUXRATE_LOG_LEVEL="WARNING", FLUXRATE_ENTITLEMENT_CACHE_MS=str(args.cache_ms))
        services = await start_services(environment, SERVICES, Path(logs))
        try:
            key = await setup(services.url_for)
            url = services["subscriptions"].url
            await measure(url, key, 300, 1)  # warm-up
            print(f"machine: {machine()}; FLUXRATE_ENTITLEMENT_CACHE_MS={args.cache_ms}")
            for clients in (1, 8):
                rate, latencies = await measure(url, key, args.requests, clients)
                print(f"entitlements/check, {clients} client(s): {rate:,.0f} requests/s, "
                      f"p50 {percentile(latencies, 0.5) * 1e3:.2f} ms, "
                      f"p99 {percentile(latencies, 0.99) * 1e3:.2f} ms")
        finally:
            services.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--cache-ms", type=int, default=1000,
                        help="the service's answer cache (0: every check reads fresh)")
    install_fast_event_loop()
    asyncio.run(main(parser.parse_args()))
