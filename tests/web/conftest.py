"""A real headless Chromium (Debian's, installed by `make test`) driving the dashboard that the
running platform serves; screenshots of every page land in web/test-artifacts/."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("FLUXRATE_WEB_ARTIFACTS", REPO / "web" / "test-artifacts"))
# Chromium's own background traffic (updates, sync, safe browsing) is refused on a closed
# network; these flags keep it to the page under test.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
expect.set_options(timeout=15_000)  # a busy 2-core machine: conditions, given room
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str:
    found = os.environ.get("FLUXRATE_CHROMIUM") or shutil.which("chromium")
    assert found, "no chromium on PATH: `make test` installs Debian's chromium package"
    return found


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    assert (REPO / "web" / "dist" / "index.html").is_file(), "build the dashboard first: make web"
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=chromium_path(),
                                                    args=CHROMIUM_ARGS, headless=True)
        yield chromium
        await chromium.close()


async def new_context(browser: Browser, base_url: str, viewport: dict[str, int] = DESKTOP) -> BrowserContext:
    context = await browser.new_context(
        base_url=base_url, viewport=viewport, locale="en-US", timezone_id="America/New_York",
        permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(20_000)
    return context


@pytest.fixture
async def page(browser: Browser, platform, artifacts: Path,
               request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    context = await new_context(browser, platform.url)
    tab = await context.new_page()
    yield tab
    # Where the page stood when the test ended: the first thing to look at when one fails.
    await tab.screenshot(path=str(artifacts / f"last-{request.node.name}.png"), full_page=True)
    await context.close()
