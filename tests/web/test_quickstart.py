"""The quickstart, every "Dashboard >" step, in a real browser: signup to an API key, the
seed's usage curl showing in the usage log, and the period's invoice finalized from the UI."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from playwright.async_api import Page, expect

from tests.support.platform import RunningPlatform
from tests.web import steps
from tests.web.steps import shot


async def send_the_seeds_curl(base_url: str, api_key: str, meter_name: str, timestamp: str) -> int:
    """Seed 000 step 6, as its curl sends it (headers and body as written there)."""
    body = f'''{{
    "customer_external_id": "user_123",
    "meter_name": "{meter_name}",
    "timestamp": "{timestamp}",
    "idempotency_key": "evt_unique_12345",
    "properties": {{
      "quantity": 1500,
      "filter_value": "String"
    }}
  }}'''
    headers = {"Content-Type": "application/json", "x-api-key": api_key}
    async with aiohttp.ClientSession() as http, http.post(
            f"{base_url}/api/v1/usage", data=body.encode(), headers=headers) as response:
        return response.status


async def test_the_quickstart_through_the_dashboard(page: Page, platform: RunningPlatform,
                                                    artifacts: Path) -> None:
    today = datetime.now(UTC).date()
    yesterday = today - timedelta(days=1)
    email = await steps.sign_up(page, "Acme Analytics")
    await expect(page.get_by_test_id("org-name")).to_contain_text("Acme Analytics")
    await expect(page.get_by_test_id("user-email")).to_have_text(email)
    await shot(page, artifacts, "get-started")

    meter_name = await steps.create_meter_feature(page, "API calls", "api_calls")
    assert meter_name == "api_calls"
    await shot(page, artifacts, "feature")

    await steps.create_plan(page, "Pro daily", "Hybrid", "day")
    await steps.add_fixed_charge(page, "10.00", "Pro daily fee")
    await steps.add_tiered_usage_charge(page, meter_name, artifacts)
    await steps.attach_feature(page, "API calls", "50,000")
    await shot(page, artifacts, "plan")

    await steps.create_customer(page, "user_123", "Jane Doe")
    await steps.subscribe(page, "user_123", "Pro daily", yesterday.isoformat())
    await expect(page.get_by_text("ACTIVE").first).to_be_visible()
    await shot(page, artifacts, "subscription")

    api_key = await steps.create_api_key(page, artifacts)
    assert api_key.startswith("org_live_")
    await shot(page, artifacts, "api-keys")

    # Step 6: the curl, then "Verify Event on Dashboard > Usage log" while the page is open.
    await steps.nav(page, "Usage log")
    await expect(page.get_by_test_id("empty-state").first).to_contain_text("No usage events yet")
    noon = f"{yesterday.isoformat()}T12:00:00Z"
    assert await send_the_seeds_curl(platform.url, api_key, meter_name, noon) == 202
    log = page.get_by_test_id("usage-log")
    await expect(log.get_by_role("cell", name="evt_unique_12345")).to_be_visible(timeout=20_000)
    await expect(log.get_by_role("cell", name="user_123")).to_be_visible()
    await expect(log.get_by_role("cell", name="1,500")).to_be_visible()
    # The usage per meter: every customer's, then user_123's alone.
    chart_caption = page.get_by_text(re.compile(r"^api_calls: 1,500 \(SUM\) from 1 event"))
    await expect(chart_caption).to_be_visible()
    await page.get_by_label("Customer").fill("user_123")
    await expect(page.get_by_role("heading", name="Usage per meter of user_123")).to_be_visible()
    await expect(chart_caption).to_be_visible()
    await shot(page, artifacts, "usage-log")

    # Yesterday's period has ended: its draft waits out the review window; finalize it now.
    await steps.nav(page, "Invoices")
    await page.get_by_role("radiogroup", name="Filter by status").get_by_text("Draft").click()
    draft = page.get_by_role("link", name="Draft", exact=True)
    await expect(draft).to_have_count(1, timeout=20_000)
    await draft.click()
    countdown = page.get_by_test_id("review-countdown")
    await expect(countdown).to_contain_text("Finalized and emailed automatically in")
    await shot(page, artifacts, "invoice-draft")
    await page.get_by_role("button", name="Finalize and send").click()
    await page.get_by_role("dialog").get_by_role("button", name="Finalize and send").click()
    await expect(page.get_by_role("heading", name=re.compile(r"^Invoice \S+"))).to_be_visible()
    await expect(page.get_by_text("OPEN", exact=True)).to_be_visible()
    # 10.00 fixed + (1,500 - 1,000 free) x 0.001 = 10.50, the late curl's usage included.
    await expect(page.get_by_test_id("invoice-total")).to_have_text("$10.50")
    await expect(page.get_by_role("button", name="Mark paid")).to_be_visible()
    await expect(page.get_by_role("button", name="Finalize and send")).to_have_count(0)
    await shot(page, artifacts, "invoice-open")

    # The customer page a billing team lands on: subscription, entitlements, usage, invoices.
    await steps.nav(page, "Customers")
    await page.get_by_role("link", name="user_123").click()
    await expect(page.get_by_text("1,500 of 50,000")).to_be_visible()
    await expect(page.get_by_role("link", name=re.compile(r"^INV-"))).to_be_visible()
    await shot(page, artifacts, "customer")
    await steps.nav(page, "Subscriptions")
    await expect(page.get_by_role("cell", name="Pro daily")).to_be_visible()
    await shot(page, artifacts, "subscriptions")
