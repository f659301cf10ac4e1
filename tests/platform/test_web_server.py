"""`fluxrate web`: the built dashboard with client-side routes, long-cached hashed assets,
and the API's JSON 404 under /api/ — in process, and as the real command on its own port."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from fluxrate_platform.devstack import free_port
from fluxrate_platform.webapp import build_web_app
from tests.support.processes import Process, wait_until_ready


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><div id=root></div>")
    (tmp_path / "assets" / "index-1a2b3c.js").write_text("console.log(1)")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("outside")
    return tmp_path


async def test_pages_assets_and_api_paths(dist: Path) -> None:
    async with TestClient(TestServer(build_web_app(dist))) as client:
        page = await client.get("/customers/123")  # a client route: the app's page
        assert page.status == 200 and "id=root" in await page.text()
        assert page.headers["Cache-Control"] == "no-cache"
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        asset = await client.get("/assets/index-1a2b3c.js")
        assert asset.status == 200 and "immutable" in asset.headers["Cache-Control"]
        icon = await client.get("/favicon.svg")
        assert icon.status == 200 and icon.headers["Cache-Control"] == "no-cache"
        stale = await client.get("/assets/index-old.js")  # never the page in place of a script
        assert stale.status == 404
        api = await client.get("/api/v1/nope")
        assert api.status == 404 and (await api.json())["error"]["code"] == "route_not_found"
        escape = await client.get("/%2e%2e/secret.txt")
        assert escape.status == 200 and "outside" not in await escape.text()
        post = await client.post("/customers")
        assert post.status == 405
        assert (await client.get("/healthz")).status == 200
        assert (await (await client.get("/readyz")).json())["status"] == "ready"


async def test_not_ready_without_a_build(tmp_path: Path) -> None:
    async with TestClient(TestServer(build_web_app(tmp_path))) as client:
        ready = await client.get("/readyz")
        assert ready.status == 503 and "index.html" in (await ready.json())["checks"]["dist"]


async def test_the_command_serves_on_the_configured_port(dist: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {"FLUXRATE_HTTP_HOST": "127.0.0.1", "FLUXRATE_HTTP_PORT": str(port)}
    web = Process("web", ["-m", "fluxrate_platform", "web", "--dist", str(dist)], env, tmp_path).start()
    try:
        await wait_until_ready(f"http://127.0.0.1:{port}/readyz", web, timeout=30)
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/plans") as page:
            assert page.status == 200 and "id=root" in await page.text()
    finally:
        web.stop()


async def test_the_dev_server_serves_the_dashboard_after_the_api(platform) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{platform.url}/subscriptions/abc") as page:
            assert page.status == 200 and '<div id="root">' in await page.text()
        async with http.get(f"{platform.url}/readyz") as ready:
            assert ready.status == 200 and "web" not in (await ready.json())["services"]
