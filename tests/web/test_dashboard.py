"""The dashboard beyond the happy path: a phone-width screen, keyboard-only forms, every
list's empty state, and a session that renews itself instead of failing with a 401."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.async_api import Browser, Page, expect

from tests.support.api import PASSWORD, Api, signup
from tests.support.platform import RunningPlatform
from tests.web.conftest import PHONE, new_context
from tests.web.steps import nav, shot

EMPTY_STATES = {
    "/features": "No features yet",
    "/plans": "No plans yet",
    "/customers": "No customers yet",
    "/subscriptions": "No subscriptions yet",
    "/usage": "No usage events yet",
    "/invoices": "No invoices yet",
    "/api-keys": "No API keys yet",
}


async def signed_in_page(browser: Browser, platform: RunningPlatform,
                         viewport=None) -> tuple[Page, str]:
    """A browser holding the session cookies of a new org (signed up over the API, as fast),
    and the email it signed up with."""
    org = await signup(platform.url, "Phone Co")
    context = await new_context(browser, platform.url, **({"viewport": viewport} if viewport else {}))
    await context.add_cookies([
        {"name": "access_token", "value": org.session.cookies["access_token"], "url": platform.url},
        {"name": "refresh_token", "value": org.session.cookies["refresh_token"],
         "url": platform.url + "/api/v1/auth"}])
    return await context.new_page(), org.email


async def test_phone_width_keyboard_forms_and_empty_states(browser: Browser, platform: RunningPlatform,
                                                           artifacts: Path) -> None:
    page, _ = await signed_in_page(browser, platform, PHONE)
    try:
        for path, title in EMPTY_STATES.items():
            await page.goto(path)
            await expect(page.get_by_test_id("empty-state").first).to_contain_text(title)
            await shot(page, artifacts, "phone-empty" + path.replace("/", "-"))
        # The navigation folds behind a button on a phone.
        await page.get_by_role("button", name="Toggle navigation").click()
        await nav(page, "Customers")
        await expect(page.get_by_role("heading", name="Customers")).to_be_visible()
        # A form done with the keyboard alone: Tab between fields, Enter submits.
        await page.get_by_role("button", name="New customer").first.focus()
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("textbox", name="External id", exact=True)).to_be_focused()
        await page.keyboard.type("user_42")
        await page.keyboard.press("Tab")
        await page.keyboard.type("Ada Lovelace")
        await page.keyboard.press("Tab")
        await page.keyboard.type("not-an-email")
        await page.keyboard.press("Enter")
        # The API's refusal shows next to the field it names.
        email = page.get_by_role("textbox", name="Email")
        await expect(email).to_have_attribute("aria-invalid", "true")
        await email.fill("ada@example.com")
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="Ada Lovelace")).to_be_visible()
        await shot(page, artifacts, "phone-customer")
    finally:
        await page.context.close()


async def test_an_expired_session_renews_itself_logout_ends_it_login_resumes(browser: Browser,
                                                                  platform: RunningPlatform) -> None:
    page, email = await signed_in_page(browser, platform)
    try:
        await page.goto("/plans")
        await expect(page.get_by_test_id("empty-state")).to_be_visible()
        # The access token lapses (15 minutes by default): the next call gets a 401, the page
        # renews the session with the refresh cookie and retries, and the user sees no error.
        await page.context.clear_cookies(name="access_token")
        await nav(page, "Customers")
        await expect(page.get_by_test_id("empty-state")).to_contain_text("No customers yet")
        names = {cookie["name"] for cookie in await page.context.cookies()}
        assert "access_token" in names
        await page.get_by_role("button", name="Log out").click()
        await expect(page).to_have_url(re.compile(r"/login$"))
        await page.goto("/invoices")
        await expect(page).to_have_url(re.compile(r"/login\?next=%2Finvoices$"))
        # Logging in again lands where the user was going; a wrong password says so.
        await page.get_by_label("Email").fill(email)
        await page.get_by_role("textbox", name="Password").fill("not the password")
        await page.get_by_role("button", name="Log in").click()
        await expect(page.get_by_role("alert")).to_contain_text("email or password is incorrect")
        await page.get_by_role("textbox", name="Password").fill(PASSWORD)
        await page.get_by_role("button", name="Log in").click()
        await expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
        await expect(page.get_by_test_id("user-email")).to_have_text(email)
    finally:
        await page.context.close()


async def test_subscription_lifecycle_from_its_page(browser: Browser, platform: RunningPlatform,
                                                    artifacts: Path) -> None:
    page, _ = await signed_in_page(browser, platform)
    org_cookie = {c["name"]: c["value"] for c in await page.context.cookies()}
    api = Api(platform.url, cookies={"access_token": org_cookie["access_token"]})
    plans = []
    for name in ("Basic", "Team"):
        plan = (await api.post("/api/v1/plans", {"name": name, "type": "FIXED", "interval": "month",
                                                 "currency": "EUR"})).body
        await api.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED", "unit_price": "30.00"})
        plans.append(plan)
    await api.put("/api/v1/customers/external/acme", {"name": "Acme"})
    sub = (await api.post("/api/v1/subscriptions", {"customer_external_id": "acme",
                                                    "plan_id": plans[0]["id"]})).body
    try:
        await page.goto(f"/subscriptions/{sub['id']}")
        await expect(page.get_by_role("heading", name="Upcoming invoice")).to_be_visible()
        await expect(page.get_by_test_id("invoice-total")).to_have_text("€30.00")
        # Change plan: the bill for ending the period now is shown before anything happens.
        await page.get_by_role("button", name="Change plan").click()
        dialog = page.get_by_role("dialog", name="Change plan")
        await dialog.get_by_role("combobox", name="New plan").click()
        await page.get_by_role("option", name=re.compile("^Team")).click()
        await expect(dialog.get_by_text(re.compile(r"\u00d7 \d+\.\d% of the period"))).to_be_visible()
        await shot(page, artifacts, "subscription-change-plan")
        await dialog.get_by_text("At period end").click()
        await dialog.get_by_role("button", name="Change plan").click()
        await expect(page.get_by_text("Team from the next period")).to_be_visible()
        # Pause, resume, then cancel at period end; the badge follows each step.
        await page.get_by_role("button", name="Pause").click()
        await expect(page.get_by_text("PAUSED", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Resume").click()
        await expect(page.get_by_text("ACTIVE", exact=True)).to_be_visible()
        await page.get_by_role("button", name="Cancel").click()
        cancel = page.get_by_role("dialog", name="Cancel subscription")
        await cancel.get_by_text("At period end").click()
        await cancel.get_by_role("button", name="Cancel at period end").click()
        await expect(page.get_by_text("at the end of this period")).to_be_visible()
        await shot(page, artifacts, "subscription-lifecycle")
    finally:
        await page.context.close()
