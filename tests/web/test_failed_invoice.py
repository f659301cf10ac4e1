"""A period that could not be priced shows in the dashboard as a FAILED invoice with its reason;
"Price again" says why it still fails, and once the cause is fixed makes it a DRAFT."""

from __future__ import annotations

from pathlib import Path

import asyncpg
from playwright.async_api import Browser, expect

from tests.support.api import Api
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.unpriceable import break_plan, daily_plan, mend_invoice, subscribe_since_yesterday
from tests.web.steps import shot
from tests.web.test_dashboard import signed_in_page


async def _failed_invoice(api: Api) -> dict | None:
    data = (await api.get("/api/v1/invoices", params={"status": "FAILED"})).body["data"]
    return data[0] if data else None


async def test_a_failed_invoice_shows_why_and_is_priced_again(browser: Browser, platform: RunningPlatform,
                                                              artifacts: Path) -> None:
    page, _ = await signed_in_page(browser, platform)
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    api = Api(platform.url, cookies={"access_token": cookies["access_token"]})
    conn = await asyncpg.connect(platform.environment.database_url)
    try:
        plan = await daily_plan(api)
        await break_plan(conn, plan["id"])
        await subscribe_since_yesterday(api, plan["id"])
        failed = await eventually(lambda: _failed_invoice(api))
        await page.goto("/invoices")
        # The filter, not the failed invoice's own link, which the list may already show.
        await page.get_by_role("radiogroup", name="Filter by status").get_by_text("Failed").click()
        await page.get_by_role("link", name="Failed").click()
        await expect(page.get_by_test_id("failure-reason")).to_contain_text("bogus")
        await shot(page, artifacts, "invoice-failed")
        await page.get_by_role("button", name="Price again").click()
        dialog = page.get_by_role("dialog", name="Price again?")
        await dialog.get_by_role("button", name="Price again").click()
        await expect(dialog).to_contain_text("still cannot be priced")
        await mend_invoice(conn, failed["id"])
        await dialog.get_by_role("button", name="Price again").click()
        await expect(page.get_by_test_id("review-countdown")).to_be_visible()
        await expect(page.get_by_text("$2.50").first).to_be_visible()  # priced: the day at 2.50
    finally:
        await conn.close()
        await page.context.close()
