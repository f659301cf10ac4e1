"""The Webhooks page in a real Chromium: add an endpoint (its secret shown once), send a test
event and a real one to a receiver on loopback, read each attempt in the log, replay one (the
same webhook-id arrives again), disable and enable, rotate the secret, delete it."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Browser, Page, expect

from tests.support.api import Api
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.receiver import Receiver
from tests.web.steps import nav, shot
from tests.web.test_dashboard import signed_in_page


async def add_endpoint(page: Page, url: str) -> str:
    """Returns the signing secret the dialog shows once."""
    await page.goto("/")
    await nav(page, "Webhooks")
    await expect(page.get_by_test_id("empty-state")).to_contain_text("No webhook endpoints yet")
    await page.get_by_role("button", name="Add endpoint").first.click()
    dialog = page.get_by_role("dialog", name="New webhook endpoint")
    await dialog.get_by_label("Endpoint URL").fill(url)
    await dialog.get_by_label("Description").fill("Billing events for the backend")
    await dialog.get_by_role("button", name="Add endpoint").click()
    secret = await page.get_by_test_id("value-signing secret").inner_text()
    assert secret.startswith("whsec_")
    return secret


async def log_shows(page: Page, event_type: str, status: str) -> None:
    row = page.get_by_test_id("delivery-row").filter(has_text=event_type).first
    await expect(row).to_contain_text(status, timeout=30_000)


async def test_manage_an_endpoint_and_read_its_deliveries(browser: Browser, platform: RunningPlatform,
                                                         artifacts: Path) -> None:
    receiver = await Receiver().start()
    page, _ = await signed_in_page(browser, platform)
    try:
        secret = await add_endpoint(page, receiver.url)
        await shot(page, artifacts, "webhooks-secret")
        await page.get_by_role("button", name="I have stored it").click()
        await expect(page.get_by_role("heading", name=receiver.url)).to_be_visible()

        await page.get_by_role("button", name="Send test event").click()
        await log_shows(page, "webhook.test", "succeeded")
        assert receiver.received[0].verify(secret)["type"] == "webhook.test"
        cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
        customer = await Api(platform.url, cookies=cookies).put(
            "/api/v1/customers/external/web-hooked", {"name": "Hooked"})
        assert customer.status in (200, 201), customer.body
        await log_shows(page, "customer.created", "succeeded")

        test_row = page.get_by_test_id("delivery-row").filter(has_text="webhook.test")
        await test_row.get_by_role("button", name="Attempts").click()
        await expect(page.get_by_test_id("attempts").first).to_contain_text("200")
        await shot(page, artifacts, "webhook-deliveries")
        await test_row.get_by_role("button", name="Replay").click()

        async def sent_again() -> bool:
            return len(receiver.by_id()[receiver.received[0].webhook_id]) == 2

        await eventually(sent_again, timeout=30)

        await page.get_by_role("button", name="Disable").click()
        await expect(page.get_by_test_id("disabled-reason")).to_contain_text("disabled by a user")
        await page.get_by_role("button", name="Enable").click()
        await expect(page.get_by_test_id("disabled-reason")).to_have_count(0)
        await page.get_by_role("button", name="Rotate secret").click()
        await page.get_by_role("dialog", name="Rotate the signing secret").get_by_role(
            "button", name="Rotate").click()
        rotated = await page.get_by_test_id("value-signing secret").inner_text()
        assert rotated.startswith("whsec_") and rotated != secret
        await page.get_by_role("button", name="I have stored it").click()
        await page.get_by_role("button", name="Delete").click()
        await page.get_by_role("dialog", name="Delete this endpoint?").get_by_role(
            "button", name="Delete").click()
        await expect(page.get_by_test_id("empty-state")).to_contain_text("No webhook endpoints yet")
    finally:
        await page.context.close()
        await receiver.stop()
