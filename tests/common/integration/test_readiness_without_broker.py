"""Readiness says what a service needs to serve: with the broker down, ingest leaves the load
balancer (it cannot accept usage), while catalog keeps answering reads from PostgreSQL."""

from __future__ import annotations

import aiohttp

from fluxrate_platform.devstack import EmbeddedBroker, free_port
from tests.support.api import signup
from tests.support.processes import eventually
from tests.support.services import start_services
from tests.support.stack import ServerStack


async def _status(http: aiohttp.ClientSession, url: str) -> int:
    async with http.get(url) as response:
        return response.status


async def test_a_broker_outage_takes_only_ingest_out_of_service(stack: ServerStack, tmp_path) -> None:
    broker = EmbeddedBroker(free_port(), tmp_path / "broker.log")
    broker.start()
    environment = await stack.new_environment(
        FLUXRATE_KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers,
        FLUXRATE_KAFKA_REQUEST_TIMEOUT_MS="2000")
    services = await start_services(environment, ["identity", "catalog", "ingest"], tmp_path)
    try:
        org = await signup(services.url_for)
        created = await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
        assert created.status == 201, created.body
        broker.kill()
        async with aiohttp.ClientSession() as http:
            ingest, catalog = services["ingest"].url, services["catalog"].url

            async def ingest_unready() -> bool:
                return await _status(http, f"{ingest}/readyz") == 503

            await eventually(ingest_unready, timeout=30, interval=0.5)
            assert await _status(http, f"{catalog}/readyz") == 200
        listed = await org.session.get("/api/v1/meters")
        assert listed.status == 200 and [m["name"] for m in listed.body["data"]] == ["calls"]
    finally:
        services.stop()
        broker.stop()
