"""Ingest with several worker processes on one port (the kernel spreads connections over
them): usage sent to that port is accepted and counted exactly, and no worker outlives the
process that started it, however that one ends."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from tests.support.api import signup
from tests.support.processes import eventually
from tests.support.services import start_services
from tests.support.stack import ServerStack

WORKERS, BATCHES, BATCH = 2, 40, 50


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"


@pytest.mark.slow
async def test_workers_share_one_port_and_die_with_their_parent(stack: ServerStack,
                                                                 tmp_path) -> None:
    environment = await stack.new_environment()
    services = await start_services(
        environment, ["identity", "catalog", "subscriptions", "ingest", "aggregator"], tmp_path,
        own_env={"ingest": {"FLUXRATE_INGEST_WORKERS": str(WORKERS)}})
    try:
        ingest = services["ingest"]
        workers = _children(ingest.process.popen.pid)
        assert len(workers) == WORKERS - 1
        org = await signup(services.url_for)
        await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "COUNT"})
        await org.session.post("/api/v1/customers", {"external_id": "c1"})
        key = await org.api_key("write")
        # A fresh connection per request, so the kernel spreads them over the workers.
        connector = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(headers={"X-API-Key": key}, connector=connector) as http:
            async def post(n: int) -> int:
                events = [{"meter_name": "calls", "customer_external_id": "c1",
                           "idempotency_key": f"w{n}-{i}"} for i in range(BATCH)]
                async with http.post(f"{ingest.url}/api/v1/usage/batch",
                                     json={"events": events}) as reply:
                    assert reply.status == 200, await reply.text()
                    return (await reply.json())["accepted"]

            assert sum(await asyncio.gather(*(post(n) for n in range(BATCHES)))) == BATCHES * BATCH
        conn = await asyncpg.connect(environment.database_url)
        try:
            async def all_counted() -> bool:
                return await conn.fetchval("SELECT coalesce(sum(count), 0)"
                                           " FROM aggregator.usage_rollups") == BATCHES * BATCH

            await eventually(all_counted, timeout=60)
        finally:
            await conn.close()

        ingest.process.kill()  # SIGKILL: no chance to stop its workers itself

        async def workers_gone() -> bool:
            return all(_gone(pid) for pid in workers)

        await eventually(workers_gone, timeout=30)
    finally:
        services.stop()
