"""Lay an invoice out on A4: the org's logo and name and the invoice's facts, who bills whom,
one row per line (its tiers or packages beneath it), the totals, and on every page a footer
and, for a DRAFT or VOID invoice, a watermark. The same invoice gives the same bytes: nothing
else varies (no clock, no random subset names). Callers run it in a thread; a 50-line invoice
takes tens of ms."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from fluxrate_invoicing.pdf import text
from fluxrate_invoicing.pdf.sheet import BOLD, HEIGHT, Colour, Sheet, fonts, text_width

DEFAULT_ACCENT = "#1F2937"
GREY: Colour = (110, 110, 110)
SHADE: Colour = (246, 246, 246)
WHITE: Colour = (255, 255, 255)
LEFT, RIGHT, MIDDLE = 18.0, 192.0, 112.0  # millimetres: A4's 18 mm margins; the right column
COLUMNS = ((92.0, "Description", "L"), (26.0, "Quantity", "R"), (30.0, "Unit price", "R"),
           (26.0, "Amount", "R"))
ROW, BOTTOM = 6.0, HEIGHT - 22.0  # a table row; where a page's content ends
WATERMARKED = ("DRAFT", "VOID")


def _rgb(colour: str | None) -> Colour:
    value = (colour or DEFAULT_ACCENT).lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class Layout:
    """Where the next thing goes (`top`, mm from the page's top), on which sheet."""

    def __init__(self, invoice: dict[str, Any], branding: dict[str, Any]) -> None:
        self.invoice = invoice
        self.accent = _rgb(branding.get("accent_color"))
        self.glyphs = fonts()
        self.sheet = Sheet(self.decorate)
        self.sheet.setTitle(f"Invoice {invoice.get('number') or 'draft'}")
        self.sheet.setAuthor(branding.get("name") or "")
        self.sheet.setCreator("Fluxrate")
        self.top = 18.0

    def money(self, amount: Any) -> str:
        return text.money(amount, self.invoice["currency"], self.glyphs)

    def unit_price(self, amount: Any) -> str:
        return text.unit_price(amount, self.invoice["currency"], self.glyphs)

    def room_for(self, height: float) -> bool:
        return self.top + height <= BOTTOM

    def new_page(self) -> None:
        self.sheet.showPage()
        self.top = 18.0

    def decorate(self, sheet: Sheet, page: int, pages: int) -> None:
        label = self.invoice.get("number") or "Draft invoice"
        sheet.write(105, HEIGHT - 12, f"{label} · page {page} of {pages}", size=8, colour=GREY,
                    align="C")
        status = self.invoice["status"]
        if status in WATERMARKED:
            sheet.saveState()
            sheet.setFillAlpha(0.35)
            sheet.translate(105 * mm, sheet.y(150))
            sheet.rotate(35)
            sheet.setFont(BOLD, 96)
            sheet.setFillColorRGB(0.78, 0.78, 0.78)
            sheet.drawCentredString(0, -34, status)
            sheet.restoreState()


def render_invoice_pdf(invoice: dict[str, Any], lines: list[dict[str, Any]],
                       customer: dict[str, Any], branding: dict[str, Any]) -> bytes:
    layout = Layout(invoice, branding)
    _heading(layout, branding)
    _parties(layout, branding, customer)
    _table(layout, lines)
    _totals(layout)
    return layout.sheet.finish()


def _logo(layout: Layout, logo: bytes | None) -> float:
    """The org's logo at the top left, in a 45 x 13 mm box; how much room it took."""
    if not logo:
        return 0.0
    image = ImageReader(io.BytesIO(logo))
    width, height = image.getSize()
    scale = min(45.0 / width, 13.0 / height)
    drawn_width, drawn_height = width * scale, height * scale
    layout.sheet.drawImage(image, LEFT * mm, layout.sheet.y(27.0), drawn_width * mm,
                           drawn_height * mm, mask="auto")
    return drawn_width + 4.0


def _heading(layout: Layout, branding: dict[str, Any]) -> None:
    invoice, sheet = layout.invoice, layout.sheet
    name_at = LEFT + _logo(layout, branding.get("logo"))
    sheet.write(name_at, 25.5, branding.get("name") or "", size=20, bold=True, colour=layout.accent)
    sheet.write(RIGHT, 25.5, "INVOICE", size=16, bold=True, colour=layout.accent, align="R")
    sheet.rule(LEFT, RIGHT, 29.0, 0.6, layout.accent)
    facts = [("Invoice number", invoice.get("number") or f"{text.EM_DASH} (draft)"),
             ("Status", invoice["status"]),
             ("Issue date", text.day(invoice.get("finalized_at"))),
             ("Due date", text.day(invoice.get("due_date"))),
             ("Service period", text.period(invoice["period_start"], invoice["period_end"]))]
    layout.top = 36.0
    for label, value in facts:
        sheet.row(layout.top, [(MIDDLE, 30.0, label, "L"), (MIDDLE + 30, RIGHT - MIDDLE - 30, value, "R")],
                  size=9, bold=(False, True))
        layout.top += 5.0


def _party(layout: Layout, x: float, top: float, title: str, details: dict[str, Any]) -> float:
    sheet = layout.sheet
    sheet.write(x + 1, top, title.upper(), size=8, bold=True, colour=GREY)
    sheet.write(x + 1, top + 5.2, details.get("name") or details.get("email") or "", size=10,
                bold=True)
    rows = text.address_lines(details.get("billing_address"))
    rows += [details["email"]] if details.get("email") and details.get("name") else []
    rows += [f"Tax ID: {details['tax_id']}"] if details.get("tax_id") else []
    for number, row in enumerate(rows, start=1):
        sheet.write(x + 1, top + 5.2 + number * 4.6, row, size=9)
    return top + 5.2 + len(rows) * 4.6


def _parties(layout: Layout, branding: dict[str, Any], customer: dict[str, Any]) -> None:
    top = layout.top + 8.0
    bottom = max(_party(layout, LEFT, top, "From", branding),
                 _party(layout, MIDDLE, top, "Bill to", customer))
    layout.top = bottom + 10.0


def _header_row(layout: Layout) -> None:
    layout.sheet.band(LEFT, layout.top, RIGHT - LEFT, ROW + 1, layout.accent)
    layout.sheet.row(layout.top + 4.8, _cells(label for _, label, _ in COLUMNS), size=9,
                     bold=True, colour=WHITE)
    layout.top += ROW + 1


def _cells(values: Any) -> list[tuple[float, float, str, str]]:
    cells, x = [], LEFT
    for (width, _, align), value in zip(COLUMNS, values, strict=True):
        cells.append((x, width, value, align))
        x += width
    return cells


def _row(layout: Layout, values: tuple[str, str, str, str], *, bold: bool, shade: bool) -> None:
    if not layout.room_for(ROW):
        layout.new_page()
        _header_row(layout)
    if shade:
        layout.sheet.band(LEFT, layout.top, RIGHT - LEFT, ROW, SHADE)
    layout.sheet.row(layout.top + 4.2, _cells(values), size=9 if bold else 8.5, bold=bold)
    layout.top += ROW


def _fit(value: str, width: float) -> str:
    """Cut a description to its column (the whole name is in the API and the portal)."""
    if text_width(value, True, 9) <= width - 2:
        return value
    while value and text_width(value + "…", True, 9) > width - 2:
        value = value[:-1]
    return value + "…"


def _price(layout: Layout, line: dict[str, Any]) -> str:
    if line.get("packages"):
        return "package"
    return "tiered" if line["unit_price"] is None else layout.unit_price(line["unit_price"])


def _breakdown(layout: Layout, line: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """The rows beneath a line: its tiers, or the packages its quantity filled."""
    rows = []
    for tier in line.get("tiers") or []:
        fee = Decimal(str(tier.get("flat_fee") or 0))
        label = "   " + text.tier_range(tier) + (f" + {layout.money(fee)} flat" if fee else "")
        rows.append((label, text.quantity(tier["quantity"]), layout.unit_price(tier["unit_price"]),
                     layout.money(tier["amount"])))
    packages = line.get("packages")
    if packages:
        free = Decimal(str(packages.get("free_units") or 0))
        label = f"   Packages of {text.quantity(packages['package_size'])} units" + (
            f" after {text.quantity(free)} free" if free else "")
        rows.append((label, text.quantity(packages["packages"]),
                     layout.unit_price(packages["unit_price"]), layout.money(line["amount"])))
    return rows


def _table(layout: Layout, lines: list[dict[str, Any]]) -> None:
    _header_row(layout)
    for index, line in enumerate(lines):
        shade = index % 2 == 1
        name = line["display_name"]
        if Decimal(str(line["proration"])) != 1:
            name += f" (prorated {text.TIMES} {text.quantity(line['proration'])})"
        _row(layout, (_fit(name, COLUMNS[0][0]), text.quantity(line["quantity"]), _price(layout, line),
                      layout.money(line["amount"])), bold=True, shade=shade)
        for row in _breakdown(layout, line):
            _row(layout, row, bold=False, shade=shade)


def _totals(layout: Layout) -> None:
    invoice = layout.invoice
    rows = [("Subtotal", layout.money(invoice["subtotal"]), False),
            (f"Total ({invoice['currency']})", layout.money(invoice["total"]), True)]
    if invoice.get("amount_paid") is not None:
        paid = Decimal(str(invoice["amount_paid"]))
        rows.append((f"Paid {text.day(invoice.get('paid_at'))}", layout.money(-paid), False))
        rows.append(("Amount due", layout.money(Decimal(str(invoice["total"])) - paid), True))
    if not layout.room_for((ROW + 1) * len(rows) + 3):
        layout.new_page()
    layout.top += 3.0
    for label, value, strong in rows:
        colour = layout.accent if strong else (0, 0, 0)
        size = 11 if strong else 9.5
        layout.sheet.row(layout.top + 5.0, [(MIDDLE, 48.0, label, "L"), (MIDDLE + 48, 32.0, value, "R")],
                         size=size, bold=strong, colour=colour)
        layout.top += ROW + 1
