"""`fluxrate dev` serves every service on one port; `fluxrate gateway` routes the same table."""

from __future__ import annotations

import aiohttp

from fluxrate_common.routing import SERVICES
from fluxrate_platform.devstack import free_port
from tests.support.platform import RunningPlatform
from tests.support.processes import Process, wait_until_ready


async def test_every_service_is_alive_and_ready(platform: RunningPlatform) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{platform.url}/healthz") as response:
            assert response.status == 200
            assert (await response.json())["services"] == dict.fromkeys(SERVICES, "ok")
        async with http.get(f"{platform.url}/readyz") as response:
            body = await response.json()
            assert response.status == 200, body
            for service in SERVICES:
                checks = body["services"][service]["checks"]
                # the broker is a check only where serving needs it (ingest publishes first)
                assert "postgres" in checks and ("kafka" in checks) == (service == "ingest"), checks
                # every consumer is a check: ready means caught up, not merely started
                assert service == "identity" or "consumer:api-keys" in checks, checks
                assert set(checks.values()) == {"ok"}, checks
        async with http.get(f"{platform.url}/readyz/ingest") as response:
            assert response.status == 200


async def test_unknown_paths_get_the_error_envelope(platform: RunningPlatform) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{platform.url}/api/v1/nope") as response:
        assert response.status == 404
        assert (await response.json())["error"]["code"] == "route_not_found"


async def test_each_service_publishes_its_openapi_document(platform: RunningPlatform) -> None:
    async with aiohttp.ClientSession() as http:
        for service in SERVICES:
            async with http.get(f"{platform.url}/api/v1/openapi/{service}.json") as response:
                assert response.status == 200
                document = await response.json()
                assert document["openapi"].startswith("3.")
                assert document["info"]["title"] == f"Fluxrate {service} API"


async def test_metrics_count_requests_by_service_and_route(platform: RunningPlatform) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{platform.url}/api/v1/openapi/catalog.json"):
            pass
        async with http.get(f"{platform.url}/metrics") as response:
            text = await response.text()
    assert 'fluxrate_http_requests_total{method="GET",route="/api/v1/openapi/catalog.json"' \
           ',service="catalog",status="200"}' in text


async def test_gateway_forwards_by_the_same_table(platform: RunningPlatform, tmp_path) -> None:
    port = free_port()
    upstreams = [f"--upstream={service}={platform.url}" for service in SERVICES]
    gateway = Process("gateway", ["-m", "fluxrate_platform", "gateway", "--host", "127.0.0.1",
                                  "--port", str(port), *upstreams], {}, tmp_path).start()
    try:
        await wait_until_ready(f"http://127.0.0.1:{port}/api/v1/openapi/ingest.json", gateway)
        async with aiohttp.ClientSession() as http:
            url = f"http://127.0.0.1:{port}/api/v1/openapi/subscriptions.json"
            async with http.get(url) as response:
                assert response.status == 200
                assert (await response.json())["info"]["title"] == "Fluxrate subscriptions API"
    finally:
        gateway.stop()
