"""Invoice PDFs through HTTP: the text a PDF library extracts holds the number, every line and
the total exactly, under the org's logo; the same invoice gives the same bytes; drafts and
voided invoices say so; the portal serves the customer's own; page 1 is kept as a PNG to look
at."""

from __future__ import annotations

import io

import pypdfium2
from pypdf import PdfReader

from tests.e2e.test_invoicing_walkthrough import (
    EXPECTED_TOTAL,
    build_catalog,
    previous_month,
    send_usage,
)
from tests.support.api import Org, Reply, signup
from tests.support.embedder import LOGO_SIZE, embedder_site
from tests.support.platform import RunningPlatform
from tests.support.portal import ARTIFACTS, bearer, customer, daily_plan, draft_invoice
from tests.support.processes import eventually


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def save_first_page(data: bytes, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = pypdfium2.PdfDocument(data)[0]
    page.render(scale=2).to_pil().save(ARTIFACTS / name)


def images(data: bytes) -> list[tuple[int, int]]:
    """The size of every image on the PDF's first page."""
    return [image.image.size for image in PdfReader(io.BytesIO(data)).pages[0].images]


async def brand(org: Org, logo_url: str) -> None:
    reply = await org.session.patch("/api/v1/branding", {
        "name": "Acme Analytics", "accent_color": "#0E7490", "email": "billing@acme.example",
        "logo_url": logo_url,
        "billing_address": {"line1": "1 Rua Augusta", "postal_code": "1100-048",
                            "city": "Lisbon", "country": "PT"}, "tax_id": "PT509876543"})
    assert reply.status == 200, reply.body


async def tiered_open_invoice(org: Org) -> dict:
    meter, plan = await build_catalog(org)
    await org.session.put("/api/v1/customers/external/user_123", {
        "name": "Zoë Ångström", "email": "zoe@example.com", "tax_id": "SE556677889901",
        "billing_address": {"line1": "Storgatan 1", "postal_code": "111 22",
                            "city": "Stockholm", "country": "SE"}})
    start, end = previous_month()
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "user_123", "plan_id": plan["id"], "start_date": start.isoformat()})
    await send_usage(org, meter, start)

    async def period_usage() -> bool:
        reply = await org.session.get("/api/v1/usage", params={
            "subscription_id": sub.body["id"], "from": start.isoformat(), "to": end.isoformat()})
        return reply.status == 200 and [u["value"] for u in reply.body["data"]] == ["12500"]

    async def drafted() -> dict | None:
        listed = await org.session.get("/api/v1/invoices", params={"subscription_id": sub.body["id"]})
        return listed.body["data"][0] if listed.body["data"] else None

    await eventually(period_usage)
    draft = await eventually(drafted)
    finalized = await org.session.post(f"/api/v1/invoices/{draft['id']}/finalize")
    assert finalized.status == 200 and finalized.body["total"] == EXPECTED_TOTAL, finalized.body
    return finalized.body


async def test_the_pdf_holds_the_invoice_exactly(platform: RunningPlatform) -> None:
    org = await signup(platform.url, "Acme")
    async with embedder_site() as site:  # the org's own site, serving its logo
        await brand(org, site.logo_url)
        invoice = await tiered_open_invoice(org)

        async def with_logo() -> Reply | None:  # fetched once, after the branding changed
            reply = await org.session.get(f"/api/v1/invoices/{invoice['id']}/pdf")
            return reply if images(reply.raw) == [LOGO_SIZE] else None

        first = await eventually(with_logo)
    assert first.status == 200 and first.headers["Content-Type"] == "application/pdf"
    assert f'filename="{invoice["number"]}.pdf"' in first.headers["Content-Disposition"]
    text = pdf_text(first.raw)
    expected = [invoice["number"], "Acme Analytics", "1 Rua Augusta", "1100-048 Lisbon", "Portugal",
                "Tax ID: PT509876543", "Zoë Ångström", "111 22 Stockholm", "Sweden",
                "Pro monthly subscription 1 $99.00 $99.00", "API calls 12,500 tiered $25.50",
                "Tier 1: up to 1,000 1,000 $0.00 $0.00",
                "Tier 2: over 1,000 up to 10,000 + $5.00 flat 9,000 $0.002 $23.00",
                "Tier 3: over 10,000 2,500 $0.001 $2.50",
                "Subtotal $124.50", "Total (USD) $124.50", "Status OPEN"]
    for line in expected:
        assert line in text, (line, text)
    again = await org.session.get(f"/api/v1/invoices/{invoice['id']}/pdf")
    assert again.raw == first.raw  # deterministic
    save_first_page(first.raw, "invoice-pdf-page1.png")

    cid = invoice["customer_id"]
    token = (await org.session.post(f"/api/v1/customers/{cid}/portal-sessions", {})).body["token"]
    by_link = await org.session.anonymous().get(f"/api/v1/portal/invoices/{invoice['id']}/pdf",
                                                params={"token": token})
    assert by_link.status == 200 and by_link.raw == first.raw
    by_header = await org.session.anonymous().get(f"/api/v1/portal/invoices/{invoice['id']}/pdf",
                                                  headers=bearer(token))
    assert by_header.raw == first.raw


async def test_drafts_and_voided_invoices_are_watermarked(platform: RunningPlatform) -> None:
    org = await signup(platform.url, "Marks")
    cid = (await customer(org, "wes", name="Wes"))["id"]
    draft = await draft_invoice(org, cid, (await daily_plan(org))["id"])
    text = pdf_text((await org.session.get(f"/api/v1/invoices/{draft['id']}/pdf")).raw)
    assert "DRAFT" in text and "Daily platform fee 1 $12.50 $12.50" in text
    voided = await org.session.post(f"/api/v1/invoices/{draft['id']}/void")
    assert voided.status == 200
    text = pdf_text((await org.session.get(f"/api/v1/invoices/{draft['id']}/pdf")).raw)
    assert "VOID" in text and "Status VOID" in text
    stranger = await signup(platform.url, "Stranger")
    assert (await stranger.session.get(f"/api/v1/invoices/{draft['id']}/pdf")).status == 404
