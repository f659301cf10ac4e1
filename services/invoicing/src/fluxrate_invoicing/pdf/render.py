"""Draw an invoice on A4 with fpdf2 (pure Python, from PyPI) in Lato (shipped by the
`fontpkg-lato` wheel: Latin, Greek, Cyrillic and Vietnamese), so it renders the same on any
machine without system packages. The same invoice gives the same bytes: the creation date is
the invoice's own, and nothing else varies.

No I/O beyond reading the font files; callers run it in a thread (it takes tens of ms)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

import fontpkg_lato
from fontTools.ttLib import TTFont
from fpdf import FPDF

from fluxrate_invoicing.pdf import text

FONT = "Lato"
FONT_FILES = {"": "Lato-Regular.ttf", "B": "Lato-Bold.ttf"}
DEFAULT_ACCENT = "#1F2937"
GREY = (110, 110, 110)
COLUMNS = ((92, "Description", "L"), (26, "Quantity", "R"), (30, "Unit price", "R"),
           (26, "Amount", "R"))  # millimetres: the 174 mm between A4's 18 mm margins
ROW = 6.0
WATERMARKED = ("DRAFT", "VOID")


@cache
def glyphs() -> frozenset[int]:
    """The characters the font can draw (read once per process)."""
    path = fontpkg_lato.ROOT / "files" / FONT_FILES[""]
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def _rgb(colour: str | None) -> tuple[int, int, int]:
    value = (colour or DEFAULT_ACCENT).lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class InvoicePdf(FPDF):
    def __init__(self, invoice: dict[str, Any], branding: dict[str, Any]) -> None:
        super().__init__(format="A4", unit="mm")
        self.invoice = invoice
        self.accent = _rgb(branding.get("accent_color"))
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=22)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, fontpkg_lato.ROOT / "files" / name)
        moment = invoice.get("finalized_at") or invoice["created_at"]
        self.set_creation_date(moment)
        self.set_title(f"Invoice {invoice.get('number') or 'draft'}")
        self.set_author(branding.get("name") or "")
        self.set_creator("Fluxrate")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        label = self.invoice.get("number") or "Draft invoice"
        self.cell(0, 5, f"{label} · page {self.page_no()} of {{nb}}", align="C")
        self._watermark()

    def _watermark(self) -> None:
        status = self.invoice["status"]
        if status not in WATERMARKED:
            return
        with self.local_context(text_color=(200, 200, 200), fill_opacity=0.35):
            self.set_font(FONT, "B", 96)
            with self.rotation(35, x=105, y=150):
                self.text(45, 175, status)

    def money(self, amount: Any) -> str:
        return text.money(amount, self.invoice["currency"], glyphs())


def render_invoice_pdf(invoice: dict[str, Any], lines: list[dict[str, Any]],
                       customer: dict[str, Any], branding: dict[str, Any]) -> bytes:
    pdf = InvoicePdf(invoice, branding)
    pdf.add_page()
    _heading(pdf, branding)
    _parties(pdf, branding, customer)
    _table(pdf, lines)
    _totals(pdf)
    return bytes(pdf.output())


def _heading(pdf: InvoicePdf, branding: dict[str, Any]) -> None:
    invoice = pdf.invoice
    pdf.set_text_color(*pdf.accent)
    pdf.set_font(FONT, "B", 20)
    pdf.cell(110, 10, branding.get("name") or "", new_x="RIGHT")
    pdf.set_font(FONT, "B", 16)
    pdf.cell(0, 10, "INVOICE", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*pdf.accent)
    pdf.set_line_width(0.6)
    pdf.line(18, pdf.get_y() + 1, 192, pdf.get_y() + 1)
    pdf.ln(4)
    facts = [("Invoice number", invoice.get("number") or f"{text.EM_DASH} (draft)"),
             ("Status", invoice["status"]),
             ("Issue date", text.day(invoice.get("finalized_at"))),
             ("Due date", text.day(invoice.get("due_date"))),
             ("Service period", text.period(invoice["period_start"], invoice["period_end"]))]
    pdf.set_text_color(0, 0, 0)
    for label, value in facts:
        pdf.set_font(FONT, "", 9)
        pdf.set_x(112)
        pdf.cell(30, 5, label, new_x="RIGHT")
        pdf.set_font(FONT, "B", 9)
        pdf.cell(0, 5, value, align="R", new_x="LMARGIN", new_y="NEXT")


def _party(pdf: InvoicePdf, x: float, y: float, title: str, details: dict[str, Any]) -> float:
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", 8)
    pdf.set_text_color(*GREY)
    pdf.cell(80, 5, title.upper(), new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(80, 5, details.get("name") or details.get("email") or "", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    rows = text.address_lines(details.get("billing_address"))
    rows += [details[k] for k in ("email",) if details.get(k) and details.get("name")]
    rows += [f"Tax ID: {details['tax_id']}"] if details.get("tax_id") else []
    for row in rows:
        pdf.cell(80, 4.6, row, new_x="LEFT", new_y="NEXT")
    return pdf.get_y()


def _parties(pdf: InvoicePdf, branding: dict[str, Any], customer: dict[str, Any]) -> None:
    top = pdf.get_y() + 6
    bottom = max(_party(pdf, 18, top, "From", branding),
                 _party(pdf, 112, top, "Bill to", customer))
    pdf.set_xy(18, bottom + 8)


def _header_row(pdf: InvoicePdf) -> None:
    pdf.set_font(FONT, "B", 9)
    pdf.set_fill_color(*pdf.accent)
    pdf.set_text_color(255, 255, 255)
    for width, label, align in COLUMNS:
        pdf.cell(width, ROW + 1, label, align=align, fill=True)
    pdf.ln(ROW + 1)
    pdf.set_text_color(0, 0, 0)


def _row(pdf: InvoicePdf, cells: tuple[str, str, str, str], *, bold: bool = False,
         shade: bool = False) -> None:
    if pdf.will_page_break(ROW):
        pdf.add_page()
        _header_row(pdf)
    pdf.set_font(FONT, "B" if bold else "", 9 if bold else 8.5)
    pdf.set_fill_color(246, 246, 246)
    for (width, _, align), value in zip(COLUMNS, cells, strict=True):
        pdf.cell(width, ROW, value, align=align, fill=shade)
    pdf.ln(ROW)


def _fit(pdf: InvoicePdf, value: str, width: float) -> str:
    """Cut a description to its column (the whole name is in the API and the portal)."""
    if pdf.get_string_width(value) <= width - 2:
        return value
    while value and pdf.get_string_width(value + "…") > width - 2:
        value = value[:-1]
    return value + "…"


def _table(pdf: InvoicePdf, lines: list[dict[str, Any]]) -> None:
    _header_row(pdf)
    currency = pdf.invoice["currency"]
    for index, line in enumerate(lines):
        shade = index % 2 == 1
        name = line["display_name"]
        if Decimal(str(line["proration"])) != 1:
            name += f" (prorated {text.TIMES} {text.quantity(line['proration'])})"
        pdf.set_font(FONT, "B", 9)
        price = "tiered" if line["unit_price"] is None else text.unit_price(
            line["unit_price"], currency, glyphs())
        _row(pdf, (_fit(pdf, name, COLUMNS[0][0]), text.quantity(line["quantity"]), price,
                   pdf.money(line["amount"])), bold=True, shade=shade)
        for tier in line.get("tiers") or []:
            fee = Decimal(str(tier.get("flat_fee") or 0))
            label = "   " + text.tier_range(tier) + (
                f" + {pdf.money(fee)} flat" if fee else "")
            _row(pdf, (label, text.quantity(tier["quantity"]),
                       text.unit_price(tier["unit_price"], currency, glyphs()),
                       pdf.money(tier["amount"])), shade=shade)


def _totals(pdf: InvoicePdf) -> None:
    invoice = pdf.invoice
    rows = [("Subtotal", pdf.money(invoice["subtotal"]), False),
            (f"Total ({invoice['currency']})", pdf.money(invoice["total"]), True)]
    if invoice.get("amount_paid") is not None:
        rows.append((f"Paid {text.day(invoice.get('paid_at'))}",
                     pdf.money(-Decimal(str(invoice["amount_paid"]))), False))
        rows.append(("Amount due", pdf.money(Decimal(str(invoice["total"]))
                                             - Decimal(str(invoice["amount_paid"]))), True))
    if pdf.will_page_break(ROW * (len(rows) + 1)):
        pdf.add_page()
    pdf.ln(3)
    for label, value, strong in rows:
        pdf.set_x(112)
        pdf.set_font(FONT, "B" if strong else "", 11 if strong else 9.5)
        if strong:
            pdf.set_text_color(*pdf.accent)
        pdf.cell(48, ROW + 1, label)
        pdf.cell(32, ROW + 1, value, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
