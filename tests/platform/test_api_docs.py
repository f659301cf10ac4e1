"""The browsable API reference: a page whose every asset this host serves, reading the whole
API's document."""

from __future__ import annotations

import re

import aiohttp

from tests.support.platform import RunningPlatform

ASSETS = re.compile(r'(?:src|href)="([^"]+)"')


async def test_the_reference_page_loads_with_every_asset_from_this_host(
        platform: RunningPlatform) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{platform.url}/api/v1/docs") as response:
            assert response.status == 200
            assert response.content_type == "text/html"
            page = await response.text()
        assert 'url: "/api/v1/openapi.json"' in page
        assets = ASSETS.findall(page)
        assert {a.rsplit("/", 1)[1] for a in assets} >= {
            "swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"}
        for asset in assets:
            assert asset.startswith("/api/v1/docs/assets/"), f"{asset}: not served by us"
            async with http.get(platform.url + asset) as response:
                body = await response.read()
                assert response.status == 200 and len(body) > 100, asset
        async with http.get(f"{platform.url}/api/v1/openapi.json") as response:
            assert response.status == 200
            assert (await response.json())["openapi"].startswith("3.1")
