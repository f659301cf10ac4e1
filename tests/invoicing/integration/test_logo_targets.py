"""A logo URL is no way into the network: with private targets not allowed (production), the
fetcher refuses an address named literally before connecting and a name that resolves only to
a private one (localhost) without sending a request; allowed, the same server's logo comes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from fluxrate_common.clients.outbound import describe_failure, outbound_session
from fluxrate_invoicing.logos import LogoRefused, download
from tests.support.embedder import logo_png

TIMEOUT = aiohttp.ClientTimeout(total=5)


@pytest.fixture
async def logo_server() -> AsyncIterator[tuple[int, list[str]]]:
    asked: list[str] = []

    async def logo(request: web.Request) -> web.Response:
        asked.append(request.path)
        return web.Response(body=logo_png(), content_type="image/png")

    app = web.Application()
    app.router.add_get("/logo.png", logo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield site._server.sockets[0].getsockname()[1], asked
    await runner.cleanup()


async def test_private_logo_addresses_are_refused(logo_server: tuple[int, list[str]]) -> None:
    port, asked = logo_server
    async with outbound_session(TIMEOUT, allow_private=False) as http:
        for url in (f"http://127.0.0.1:{port}/logo.png", f"http://[::ffff:127.0.0.1]:{port}/logo.png",
                    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/logo.png"):
            with pytest.raises(LogoRefused, match="not a public address"):
                await download(http, url, allow_private=False)
        with pytest.raises(aiohttp.ClientConnectorError) as failed:
            await download(http, f"http://localhost:{port}/logo.png", allow_private=False)
        assert "localhost resolves only to non-public addresses" in describe_failure(failed.value)
    assert asked == []


async def test_allowed_private_targets_fetch_the_logo(logo_server: tuple[int, list[str]]) -> None:
    port, asked = logo_server
    async with outbound_session(TIMEOUT, allow_private=True) as http:
        png = await download(http, f"http://localhost:{port}/logo.png", allow_private=True)
    assert png.startswith(b"\x89PNG") and asked == ["/logo.png"]
