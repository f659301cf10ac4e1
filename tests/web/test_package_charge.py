"""A package-priced charge made in the dashboard's charge form, and its packages on the
upcoming invoice, in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, expect

from tests.support.api import signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.web.conftest import new_context
from tests.web.steps import choose, shot


async def test_a_package_charge_from_the_form_to_the_upcoming_invoice(
        browser: Browser, platform: RunningPlatform, artifacts: Path) -> None:
    org = await signup(platform.url, "Pack Co")
    meter = (await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "SUM"})).body
    plan = (await org.session.post("/api/v1/plans", {"name": "Packs", "type": "USAGE",
                                                     "interval": "month", "currency": "USD"})).body
    context = await new_context(browser, platform.url)
    await context.add_cookies([{"name": "access_token", "url": platform.url,
                                "value": org.session.cookies["access_token"]}])
    page = await context.new_page()
    try:
        await page.goto(f"/plans/{plan['id']}")
        await page.get_by_role("button", name="Add charge").first.click()
        dialog = page.get_by_role("dialog")
        await dialog.get_by_label("Name on invoices").fill("API calls")
        await choose(page, "Meter", re.compile(meter["meter_name"]))
        await dialog.get_by_text("Package", exact=True).click()
        await dialog.get_by_label("Units per package").fill("2.5")
        await dialog.get_by_label(re.compile("^Price per package")).fill("5.00")
        await dialog.get_by_label("Free units").fill("100")
        await dialog.get_by_role("button", name="Add charge").click()
        # The API refuses a fractional package, and the form shows it next to that field.
        size = dialog.get_by_role("textbox", name="Units per package")
        await expect(size).to_have_attribute("aria-invalid", "true")
        await size.fill("100")
        await dialog.get_by_label("Preview a quantity").fill("250")
        await expect(dialog.get_by_test_id("preview-amount")).to_have_text("$10.00")
        packages = dialog.get_by_test_id("preview-packages")
        await expect(packages).to_contain_text(re.compile(r"^150 billable units: 2 \u00d7 \$5\.00"))
        await shot(page, artifacts, "plan-package-charge")
        await dialog.get_by_role("button", name="Add charge").click()
        await expect(page.get_by_role("cell", name="$5.00 per 100 units, first 100 free")).to_be_visible()

        await org.session.put("/api/v1/customers/external/user_1", {"name": "U"})
        sub = (await org.session.post("/api/v1/subscriptions", {
            "customer_external_id": "user_1", "plan_id": plan["id"]})).body
        writer = org.session.with_key(await org.api_key("write"))
        await writer.post("/api/v1/usage", {"customer_external_id": "user_1", "quantity": 250,
                                            "meter_name": "api_calls", "idempotency_key": "u-1"})

        async def billed() -> bool:
            upcoming = await org.session.get(f"/api/v1/subscriptions/{sub['id']}/upcoming-invoice")
            return upcoming.status == 200 and upcoming.body["total"] == "10.00"

        await eventually(billed)
        await page.goto(f"/subscriptions/{sub['id']}")
        await expect(page.get_by_test_id("invoice-total")).to_have_text("$10.00")
        breakdown = page.get_by_text("2 packages of 100 units after 100 free, at $5.00 each")
        await expect(breakdown).to_be_visible()
        await shot(page, artifacts, "subscription-upcoming-packages")
    finally:
        await context.close()
