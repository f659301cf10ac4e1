"""What a person does in the dashboard, one helper per step, with Playwright's auto-waiting."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from playwright.async_api import Page, expect

PASSWORD = "correct-horse-battery-staple"


async def shot(page: Page, artifacts: Path, name: str) -> None:
    """A full-page screenshot; the caller has already waited for what the page must show."""
    await page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True, animations="disabled",
                          style=".mantine-Notifications-root { display: none; }")  # passing toasts


async def choose(page: Page, label: str, option: str | re.Pattern[str]) -> None:
    """Pick an option of a Mantine select, by its label, as a keyboard or mouse user would."""
    await page.get_by_role("combobox", name=label, exact=True).click()
    await page.get_by_role("option", name=option).first.click()


async def nav(page: Page, name: str) -> None:
    await page.get_by_role("navigation", name="Dashboard").get_by_role("link", name=name).click()


async def sign_up(page: Page, org_name: str) -> str:
    email = f"owner-{uuid.uuid4().hex[:8]}@example.com"
    await page.goto("/")
    await expect(page).to_have_url(re.compile(r"/login"))
    await page.get_by_role("link", name="Create an account").click()
    await page.get_by_label("Organization name").fill(org_name)
    await page.get_by_label("Email").fill(email)
    await page.get_by_role("textbox", name="Password").fill(PASSWORD)
    await page.get_by_role("button", name="Create account").click()
    await expect(page.get_by_role("heading", name="Get started")).to_be_visible()
    return email


async def create_meter_feature(page: Page, name: str, meter_name: str) -> str:
    """Seed step 1; returns the meter_name the feature info page shows."""
    await nav(page, "Features")
    await page.get_by_role("button", name="New feature").first.click()
    dialog = page.get_by_role("dialog", name="New feature")
    await dialog.get_by_label("Feature name").fill(name)
    await dialog.get_by_label("Meter name").fill(meter_name)
    await dialog.get_by_label("Unit").fill("call")
    await choose(page, "Aggregation", re.compile("^SUM"))
    await dialog.get_by_label("Default limit").fill("100000")
    await dialog.get_by_role("button", name="Create feature").click()
    await expect(page.get_by_role("heading", name="Meter")).to_be_visible()
    return await page.get_by_test_id("value-meter_name").inner_text()


async def create_plan(page: Page, name: str, plan_type: str, interval: str) -> None:
    await nav(page, "Plans")
    await page.get_by_role("button", name="New plan").first.click()
    dialog = page.get_by_role("dialog", name="New plan")
    await dialog.get_by_label("Plan name").fill(name)
    await choose(page, "Type", re.compile(f"^{plan_type}"))
    await choose(page, "Billing interval", f"Every {interval}")
    await dialog.get_by_role("button", name="Create plan").click()
    await expect(page.get_by_role("heading", name="Charges")).to_be_visible()


async def add_fixed_charge(page: Page, amount: str, display_name: str) -> None:
    await page.get_by_role("button", name="Add charge").first.click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_text("Recurring (fixed)").click()
    await dialog.get_by_label("Name on invoices").fill(display_name)
    await dialog.get_by_label(re.compile("^Amount per")).fill(amount)
    await dialog.get_by_role("button", name="Add charge").click()
    await expect(page.get_by_role("cell", name=display_name)).to_be_visible()


async def add_tiered_usage_charge(page: Page, meter_name: str, artifacts: Path) -> None:
    """A graduated charge: the first 1,000 free, then 0.001 each; 6,000 previews at $5.00."""
    await page.get_by_role("button", name="Add charge").first.click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_text("Usage based").click()
    await dialog.get_by_label("Name on invoices").fill("API calls")
    await choose(page, "Meter", re.compile(meter_name))
    await dialog.get_by_text("Tiered", exact=True).click()
    await dialog.get_by_label("Tier 1 up to").fill("1000")
    await dialog.get_by_label("Tier 1 unit price").fill("0")
    await dialog.get_by_label("Tier 2 unit price").fill("0.001")
    await dialog.get_by_label("Preview a quantity").fill("6000")
    preview = dialog.get_by_test_id("preview-amount")
    await expect(preview).to_have_text("$5.00")
    await shot(page, artifacts, "plan-tier-editor")
    await dialog.get_by_role("button", name="Add charge").click()
    await expect(page.get_by_role("cell", name="API calls", exact=True)).to_be_visible()


async def attach_feature(page: Page, feature: str, limit: str) -> None:
    await choose(page, "Feature", re.compile(f"^{feature}"))
    await page.get_by_label("Limit").fill(limit.replace(",", ""))
    await page.get_by_role("button", name="Add feature").click()
    await expect(page.get_by_role("cell", name=re.compile(f"^Limit {limit}"))).to_be_visible()


async def create_customer(page: Page, external_id: str, name: str) -> None:
    """Seed step 3."""
    await nav(page, "Customers")
    await page.get_by_role("button", name="New customer").first.click()
    dialog = page.get_by_role("dialog", name="New customer")
    await dialog.get_by_label("External id").fill(external_id)
    await dialog.get_by_label("Name").fill(name)
    await dialog.get_by_label("Email").fill("jane@example.com")
    await dialog.get_by_label("Address line 1").fill("1 Main St")
    await dialog.get_by_label("City").fill("Lisbon")
    await dialog.get_by_label("Country").fill("ZZ")
    await dialog.get_by_role("button", name="Create customer").click()
    # The API refuses the country by name, and the form shows it next to that field.
    await expect(dialog.get_by_text("is not an ISO 3166-1 alpha-2 country code")).to_be_visible()
    await dialog.get_by_label("Country").fill("PT")
    await dialog.get_by_role("button", name="Create customer").click()
    await expect(page.get_by_role("heading", name=name)).to_be_visible()


async def subscribe(page: Page, external_id: str, plan: str, start_date: str) -> None:
    """Seed step 4, from the customer page."""
    await page.get_by_role("link", name="Subscribe").first.click()
    dialog = page.get_by_role("dialog", name="New subscription")
    customer = dialog.get_by_role("combobox", name="Customer", exact=True)
    await expect(customer).to_have_value(re.compile(external_id))
    await choose(page, "Plan", re.compile(f"^{plan}"))
    await dialog.get_by_label("Start date").fill(start_date)
    await dialog.get_by_role("button", name="Subscribe").click()
    await expect(page.get_by_role("heading", name="Upcoming invoice")).to_be_visible()


async def create_api_key(page: Page, artifacts: Path) -> str:
    """Seed step 5: write and read scopes, shown once, copied with the button."""
    await nav(page, "API keys")
    await page.get_by_role("button", name="New API key").first.click()
    dialog = page.get_by_role("dialog", name="New API key")
    await dialog.get_by_label("Name").fill("backend")
    await dialog.get_by_role("button", name="Create key").click()
    shown = page.get_by_role("dialog", name="Your new API key")
    await expect(shown.get_by_text("it is shown only once")).to_be_visible()
    key = await shown.get_by_test_id("value-API key").inner_text()
    await shown.get_by_role("button", name="Copy API key").click()
    assert await page.evaluate("navigator.clipboard.readText()") == key
    await shot(page, artifacts, "api-key-shown-once")
    await shown.get_by_role("button", name="I have stored it").click()
    await expect(page.get_by_role("cell", name="backend")).to_be_visible()
    return key
