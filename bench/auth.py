"""API-key verification cost per request, in process (target: p99 under 1 ms), and how fast a
revocation reaches another service (identity -> outbox -> Kafka -> catalog's key index).

    .venv/bin/python bench/auth.py
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path

from _stack import machine, percentile, servers
from aiohttp.test_utils import make_mocked_request

from fluxrate_common.auth.authenticator import ServiceAuthenticator
from fluxrate_common.auth.keyindex import ApiKeyCache
from fluxrate_common.db.pool import create_pool
from tests.support.api import signup
from tests.support.platform import start_platform

KEYS = 200
ITERATIONS = 200_000


async def verification_cost(database_url: str, keys: list[str]) -> list[float]:
    pool = await create_pool(database_url, "identity")
    cache = ApiKeyCache(pool, database_url, "identity")
    await cache.load_all()
    authenticator = ServiceAuthenticator("x" * 40)
    authenticator.cache = cache
    requests = [make_mocked_request("GET", "/api/v1/meters", headers={"X-API-Key": k}) for k in keys]
    samples = []
    for _ in range(ITERATIONS):
        request = random.choice(requests)
        started = time.perf_counter()
        await authenticator.authenticate(request, "any", "read")
        samples.append(time.perf_counter() - started)
    await pool.close()
    return samples


async def revocation_delay(org, platform_url: str, rounds: int = 20) -> list[float]:
    delays = []
    for _ in range(rounds):
        created = await org.session.post("/api/v1/api-keys", {"name": "r", "scopes": ["read"]})
        user = org.session.with_key(created.body["key"])
        while (await user.get("/api/v1/meters")).status != 200:  # wait until catalog knows it
            await asyncio.sleep(0.005)
        await org.session.delete(f"/api/v1/api-keys/{created.body['id']}")
        started = time.perf_counter()
        while (await user.get("/api/v1/meters")).status != 401:
            await asyncio.sleep(0.002)
        delays.append(time.perf_counter() - started)
    return delays


async def main() -> None:
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        # Production timings (the test defaults poll Kafka faster than a real deployment).
        environment = await stack.new_environment(FLUXRATE_KAFKA_FETCH_MAX_WAIT_MS="100",
                                                  FLUXRATE_LOG_LEVEL="WARNING")
        platform = await start_platform(environment, Path(logs))
        try:
            org = await signup(platform.url)
            keys = [await org.api_key("read", "write") for _ in range(KEYS)]
            cost = await verification_cost(environment.database_url, keys)
            delays = await revocation_delay(org, platform.url)
        finally:
            platform.process.stop()
    print(f"machine: {machine()}")
    print(f"API-key verification in process ({ITERATIONS:,} requests over {KEYS} keys): "
          f"p50 {percentile(cost, 0.5) * 1e6:.1f} µs, p99 {percentile(cost, 0.99) * 1e6:.1f} µs")
    print(f"revocation reaching catalog over HTTP ({len(delays)} keys): "
          f"p50 {percentile(delays, 0.5) * 1e3:.0f} ms, max {max(delays) * 1e3:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
