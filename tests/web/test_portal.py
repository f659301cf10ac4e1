"""The customer portal in a real headless Chromium, embedded the way a customer's app embeds
it: an <iframe> on another site (loopback, another origin) shows the customer's plan, usage
and invoices with nothing but the portal token, never a cookie; the same page on a site the
org did not allow is refused by the browser itself (`frame-ancestors`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from playwright.async_api import Browser, Page, Request, expect

from tests.support.api import Api
from tests.support.embedder import LOGO_SIZE, Embedder, embedder_site
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.web.conftest import new_context
from tests.web.portal_data import PortalScenario, portal_scenario
from tests.web.steps import shot
from tests.web.test_dashboard import signed_in_page


def formatted_period(invoice: dict) -> str:
    """A month as the portal prints it, in UTC days, its last day included: Oct 1, 2026 \u2013
    Oct 31, 2026."""
    start = datetime.fromisoformat(invoice["period_start"])
    last = datetime.fromisoformat(invoice["period_end"]) - timedelta(days=1)
    return f"{start:%b} {start.day}, {start.year} \u2013 {last:%b} {last.day}, {last.year}"


async def open_portal_link(scenario: PortalScenario) -> str:
    reply = await scenario.org.session.post(
        f"/api/v1/customers/{scenario.customer_id}/portal-sessions", {})
    assert reply.status == 201, reply.body
    return reply.body["url"]


async def sees_plan_usage_and_invoices(page: Page, scenario: PortalScenario) -> None:
    portal = page.frame_locator("#portal")
    await expect(portal.get_by_test_id("portal-org")).to_have_text("Acme Analytics")
    await expect(portal.get_by_test_id("portal-customer")).to_have_text("Zoë Ångström")
    await expect(portal.get_by_test_id("portal-plan")).to_contain_text("Pro")
    await expect(portal.get_by_test_id("portal-plan")).to_contain_text("$99.00 per month")
    await expect(portal.get_by_test_id("entitlement")).to_contain_text("3,200 of 100,000")
    await expect(portal.get_by_test_id("portal-usage-now")).to_have_text("api_calls: 3,200 this period")
    await expect(portal.locator(".recharts-bar-rectangle")).to_have_count(3)  # three periods
    for invoice, total in zip(scenario.invoices, ("$118.00", "$124.50"), strict=True):
        row = portal.get_by_role("row").filter(has=portal.get_by_role("link", name=invoice["number"]))
        await expect(row).to_contain_text(total)
        await expect(row).to_contain_text(formatted_period(invoice))
        await expect(row).to_contain_text("OPEN")


async def opens_an_invoice_and_its_pdf(page: Page, scenario: PortalScenario) -> None:
    portal = page.frame_locator("#portal")
    last = scenario.invoices[-1]
    await portal.get_by_role("link", name=last["number"]).click()
    await expect(portal.get_by_role("heading", name=f"Invoice {last['number']}")).to_be_visible()
    await expect(portal.get_by_role("cell", name="Pro monthly subscription")).to_be_visible()
    await expect(portal.get_by_text("Tier 3: 10,000\u2013\u221e")).to_be_visible()
    await expect(portal.get_by_test_id("invoice-total")).to_have_text("$124.50")
    async with page.expect_download() as started:
        await portal.get_by_role("link", name="Download PDF").click()
    download = await started.value
    assert download.suggested_filename == f"{last['number']}.pdf"
    assert Path(await download.path()).read_bytes().startswith(b"%PDF-")


async def refused_by_the_browser(page: Page, stranger: Embedder) -> None:
    """Chromium answers a frame its `frame-ancestors` forbids with its own error page."""
    refusals: list[str] = []
    page.on("console", lambda message: refusals.append(message.text)
            if "frame-ancestors" in message.text else None)
    await page.goto(f"{stranger.origin}/")

    async def blocked() -> bool:
        return any(frame.url.startswith("chrome-error://") for frame in page.frames) and bool(refusals)

    await eventually(blocked, timeout=30)
    await expect(page.frame_locator("#portal").get_by_test_id("portal-org")).to_have_count(0)


async def test_the_portal_inside_an_iframe_on_another_origin(browser: Browser, platform: RunningPlatform,
                                                             artifacts: Path) -> None:
    async with embedder_site() as customers_site, embedder_site() as stranger:
        scenario = await portal_scenario(platform.url, customers_site.logo_url, customers_site.origin)
        customers_site.frame_src["src"] = stranger.frame_src["src"] = await open_portal_link(scenario)
        context = await new_context(browser, customers_site.origin)
        sent: list[Request] = []
        context.on("request", lambda request: sent.append(request)
                   if request.url.startswith(platform.url) else None)
        try:
            page = await context.new_page()
            await page.goto("/")
            await sees_plan_usage_and_invoices(page, scenario)
            await shot(page, artifacts, "portal-embedded")
            await opens_an_invoice_and_its_pdf(page, scenario)
            await shot(page, artifacts, "portal-embedded-invoice")
            # Nothing the portal did needed a cookie: none was set, none was sent.
            assert await context.cookies([platform.url]) == []
            assert sent and not [r.url for r in sent if "cookie" in await r.all_headers()]
            await refused_by_the_browser(await context.new_page(), stranger)
        finally:
            await context.close()


async def test_the_portal_page_on_its_own(browser: Browser, platform: RunningPlatform,
                                          artifacts: Path) -> None:
    """Opened at the top level (a link in an email, say), the same page works as is."""
    async with embedder_site() as customers_site:
        scenario = await portal_scenario(platform.url, customers_site.logo_url, customers_site.origin)
        url = await open_portal_link(scenario)
        context = await new_context(browser, platform.url)
        try:
            page = await context.new_page()
            await page.goto(url)
            await expect(page.get_by_test_id("portal-usage-now")).to_have_text("api_calls: 3,200 this period")
            await expect(page.locator(".recharts-bar-rectangle")).to_have_count(3)  # three periods
            # The org's logo, from its own site: the page's policy lets that origin's images in.
            logo = page.locator("img[src$='/logo.png']")
            await expect(logo).to_have_js_property("naturalWidth", LOGO_SIZE[0])
            await shot(page, artifacts, "portal")
            await page.get_by_role("link", name=scenario.invoices[-1]["number"]).click()
            await expect(page.get_by_test_id("invoice-total")).to_have_text("$124.50")
            await shot(page, artifacts, "portal-invoice")
            await page.goto(url.replace("token=", "token=not-a-token"))
            await expect(page.get_by_role("heading", name="Billing portal")).to_be_visible()
            await expect(page.get_by_text("the portal token is not valid")).to_be_visible()
        finally:
            await context.close()


async def test_the_dashboard_hands_out_a_portal_link(browser: Browser, platform: RunningPlatform,
                                                     artifacts: Path) -> None:
    """From a customer's page; the link opens in a browser without the dashboard's cookies."""
    page, _ = await signed_in_page(browser, platform)
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    api = Api(platform.url, cookies={"access_token": cookies["access_token"]})
    customer = (await api.put("/api/v1/customers/external/new_user", {"name": "New User"})).body
    elsewhere = await new_context(browser, platform.url)
    try:
        await page.goto(f"/customers/{customer['id']}")
        await expect(page.get_by_role("heading", name="New User")).to_be_visible()
        await page.get_by_role("button", name="Portal link").click()
        dialog = page.get_by_role("dialog", name="Customer portal link")
        link = await dialog.get_by_test_id("value-portal link").inner_text()
        assert link.startswith(f"{platform.url}/portal?token=")
        portal = await elsewhere.new_page()
        await portal.goto(link)
        await expect(portal.get_by_test_id("portal-customer")).to_have_text("New User")
        await expect(portal.get_by_test_id("empty-state")).to_have_count(4)  # nothing billed yet
        await shot(portal, artifacts, "portal-new-customer")
    finally:
        await elsewhere.close()
        await page.context.close()
