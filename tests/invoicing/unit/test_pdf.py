"""The invoice PDF, rendered without a server: a PDF library reads back every line exactly,
across pages; the same invoice gives the same bytes; watermarks, currencies, scripts, logos."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from PIL import Image
from pypdf import PdfReader

from fluxrate_invoicing.logos import LogoRefused, as_png
from fluxrate_invoicing.pdf import render_invoice_pdf
from fluxrate_invoicing.pdf.text import money, unit_price
from tests.support.embedder import LOGO_SIZE, logo_png
from tests.support.invoices import BRANDING, CUSTOMER, fifty_lines, invoice, line


def read(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_fifty_lines_read_back_exactly_over_their_pages() -> None:
    lines = fifty_lines()
    pages = read(render_invoice_pdf(invoice(lines), lines, CUSTOMER, BRANDING))
    text = "\n".join(pages)
    assert len(pages) > 1 and all(f"page {n} of {len(pages)}" in page
                                  for n, page in enumerate(pages, start=1))
    assert all("Description Quantity Unit price Amount" in page for page in pages)  # each page
    assert "Pro monthly subscription 1 $99.00 $99.00" in text
    assert "Storage region 7 (per GB) 259.5 $0.005 $1.30" in text
    assert "API calls, model 49 12,500 tiered $25.50" in text
    assert "Tier 2: over 1,000 up to 10,000 + $5.00 flat 9,000 $0.002 $23.00" in text
    assert text.count("API calls, model") == 25
    for expected in ("INV-000042", "Status OPEN", "Service period 1 Oct 2026 \u2013 31 Oct 2026",
                     "Issue date 1 Nov 2026", "Due date 1 Dec 2026", "Zoë Ångström",
                     "111 22 Stockholm", "Sweden", "Tax ID: SE556677889901", "Acme Analytics",
                     "1100-048 Lisbon", "Portugal", "Subtotal $792.06", "Total (USD) $792.06"):
        assert expected in text, expected


def test_the_same_invoice_gives_the_same_bytes() -> None:
    lines = fifty_lines()[:3]
    first = render_invoice_pdf(invoice(lines), lines, CUSTOMER, BRANDING)
    assert render_invoice_pdf(invoice(lines), lines, CUSTOMER, BRANDING) == first
    assert render_invoice_pdf(invoice(lines, status="PAID"), lines, CUSTOMER, BRANDING) != first


@pytest.mark.parametrize("status", ["DRAFT", "VOID"])
def test_drafts_and_voided_invoices_carry_a_watermark(status: str) -> None:
    lines = [line(1, "Daily platform fee", "1", "12.50", "12.50")]
    number = None if status == "DRAFT" else "INV-000042"
    (page,) = read(render_invoice_pdf(invoice(lines, status=status, number=number), lines,
                                      CUSTOMER, BRANDING))
    assert page.strip().endswith(status) and f"Status {status}" in page
    assert ("Invoice number — (draft)" in page) == (status == "DRAFT")


def test_prorated_lines_long_names_and_other_scripts() -> None:
    lines = [line(1, "Базовый тариф", "1", "30.00", "15.00", proration="0.5"),
             line(2, "A charge whose display name is far too long for its column " * 2,
                  "3", "1", "3.00")]
    customer = {"name": "Ζωή Παπαδοπούλου", "billing_address": {"city": "Αθήνα", "country": "GR"}}
    (page,) = read(render_invoice_pdf(invoice(lines, currency="EUR"), lines, customer, BRANDING))
    assert "Базовый тариф (prorated \u00d7 0.5) 1 €30.00 €15.00" in page
    assert "Ζωή Παπαδοπούλου" in page and "Αθήνα" in page and "Greece" in page
    cut = re.search(r"A charge whose display name is far too long for its column (.*)… 3 €1.00 €3.00", page)
    assert cut and len(cut.group(1)) < 10  # cut to its column; the API has the whole name


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    ("1234.5", "USD", "$1,234.50"), ("1234", "JPY", "¥1,234"), ("1234.5", "KWD", "KWD1,234.500"),
    ("-12.5", "EUR", "-€12.50"), ("0", "GBP", "£0.00")])
def test_money_in_its_currency(amount: str, currency: str, expected: str) -> None:
    assert money(Decimal(amount), currency) == expected


def test_a_symbol_the_font_cannot_draw_becomes_the_code() -> None:
    latin_only = frozenset(range(0x20, 0x250))
    assert money(Decimal("10"), "INR", latin_only) == "INR 10.00"
    assert unit_price(Decimal("0.0005"), "INR", latin_only) == "INR 0.0005"
    assert unit_price(Decimal("0.0005"), "USD", latin_only) == "$0.0005"


def test_the_logo_heads_the_first_page() -> None:
    lines = fifty_lines()[:2]
    logo = as_png(logo_png())
    with_logo = render_invoice_pdf(invoice(lines), lines, CUSTOMER, {**BRANDING, "logo": logo})
    assert [i.image.size for i in PdfReader(io.BytesIO(with_logo)).pages[0].images] == [LOGO_SIZE]
    assert render_invoice_pdf(invoice(lines), lines, CUSTOMER, {**BRANDING, "logo": logo}) == with_logo
    assert "Acme Analytics" in read(with_logo)[0]


def test_a_logo_must_be_a_png_or_jpeg_image() -> None:
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    for refused in (b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"not an image", gif.getvalue()):
        with pytest.raises(LogoRefused):
            as_png(refused)
    jpeg = io.BytesIO()
    Image.new("RGB", (4000, 1000), (14, 116, 144)).save(jpeg, format="JPEG")
    png = Image.open(io.BytesIO(as_png(jpeg.getvalue())))
    assert (png.format, png.size) == ("PNG", (1200, 300))  # bounded, the same proportions


def test_a_package_line_shows_the_packages_it_filled() -> None:
    packed = line(1, "Calls after 100 free", "250", "5.00", "10.00")
    packed["packages"] = {"package_size": 100, "free_units": "100", "billable_units": "150",
                          "packages": "2", "unit_price": "5.00", "amount": "10.00"}
    (page,) = read(render_invoice_pdf(invoice([packed]), [packed], CUSTOMER, BRANDING))
    assert "Calls after 100 free 250 package $10.00" in page
    assert "Packages of 100 units after 100 free 2 $5.00 $10.00" in page
