"""Production start-up: a service that must not migrate waits, unready, until `fluxrate migrate`
(the Kubernetes migrate Job) has brought its schema up to date, then serves."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import aiohttp

from fluxrate_platform.devstack import free_port
from tests.support.processes import Process, wait_until_ready
from tests.support.stack import ServerStack


async def test_a_service_waits_for_the_migrate_job(stack: ServerStack, tmp_path) -> None:
    environment = await stack.new_environment()
    port = free_port()
    env = {**environment.env, "FLUXRATE_MIGRATE_ON_START": "false", "FLUXRATE_LOG_LEVEL": "INFO",
           "FLUXRATE_HTTP_PORT": str(port), "FLUXRATE_HTTP_HOST": "127.0.0.1"}
    catalog = Process("catalog", ["-m", "fluxrate_catalog"], env, tmp_path).start()
    try:
        await _until_logged(catalog, "waiting_for_migrations")
        async with aiohttp.ClientSession() as http:
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    refused = response.status >= 500
            except aiohttp.ClientConnectionError:
                refused = True
        assert refused and catalog.alive
        migrate = subprocess.run([sys.executable, "-m", "fluxrate_platform", "migrate"],
                                 env={**env}, capture_output=True, text=True, timeout=120)
        assert migrate.returncode == 0, migrate.stderr
        assert "catalog: " in migrate.stdout
        await wait_until_ready(f"http://127.0.0.1:{port}/readyz", catalog, timeout=60)
        assert "migrations_applied" not in catalog.log_tail(100_000)
    finally:
        catalog.stop()


async def _until_logged(process: Process, text: str, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in process.log_tail(100_000):
        assert process.alive, process.log_tail()
        assert loop.time() < deadline, f"{text!r} never logged:\n{process.log_tail()}"
        await asyncio.sleep(0.1)
