"""A4 sheets for invoices, drawn with ReportLab's canvas in Lato (shipped by the `fontpkg-lato`
wheel: Latin, Greek, Cyrillic and Vietnamese), so a PDF renders the same on any machine without
system packages. Positions are millimetres from the top left, as a reader measures a page.

The font files are parsed once per process; each document embeds only the glyphs it uses.
Every page's footer says "page n of N", so pages are kept until the document is saved and
their footers drawn then (they may also carry a watermark)."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache

import fontpkg_lato
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REGULAR, BOLD = "Lato", "Lato-Bold"
WIDTH, HEIGHT = 210.0, 297.0  # A4, millimetres
Colour = tuple[int, int, int]
BLACK: Colour = (0, 0, 0)


@cache
def fonts() -> frozenset[int]:
    """Register Lato (once per process); the code points it can draw."""
    files = fontpkg_lato.ROOT / "files"
    regular = TTFont(REGULAR, str(files / "Lato-Regular.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(BOLD, str(files / "Lato-Bold.ttf")))
    return frozenset(regular.face.charToGlyph)


def text_width(value: str, bold: bool, size: float) -> float:
    """In millimetres."""
    return pdfmetrics.stringWidth(value, BOLD if bold else REGULAR, size) / mm


class Sheet(Canvas):
    """A document of A4 pages; `decorate(sheet, page, pages)` draws each page's footer."""

    def __init__(self, decorate: Callable[[Sheet, int, int], None]) -> None:
        fonts()
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, pagesize=A4, invariant=1, pageCompression=1)
        self._decorate = decorate
        self._pages: list[dict] = []

    def showPage(self) -> None:  # ReportLab's name: every page break comes through here
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def finish(self) -> bytes:
        self._pages.append(dict(self.__dict__))
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, len(self._pages))
            super().showPage()
        self.save()
        return self.buffer.getvalue()

    def y(self, top: float) -> float:
        return (HEIGHT - top) * mm

    def write(self, x: float, top: float, value: str, *, size: float, bold: bool = False,
              colour: Colour = BLACK, align: str = "L") -> None:
        """Text whose baseline is `top` mm from the page's top; `align` R puts its end at x."""
        self.setFont(BOLD if bold else REGULAR, size)
        self.setFillColorRGB(*(c / 255 for c in colour))
        if align == "R":
            self.drawRightString(x * mm, self.y(top), value)
        elif align == "C":
            self.drawCentredString(x * mm, self.y(top), value)
        else:
            self.drawString(x * mm, self.y(top), value)

    def row(self, top: float, cells: list[tuple[float, float, str, str]], *, size: float,
            bold: bool | tuple[bool, ...] = False, colour: Colour = BLACK) -> None:
        """Cells (x, width, text, align) on one baseline, as one line of text (a PDF reader
        extracts them as the line they are); `bold` for all cells, or one per cell."""
        weights = bold if isinstance(bold, tuple) else (bold,) * len(cells)
        line = self.beginText()
        line.setFillColorRGB(*(c / 255 for c in colour))
        line.setTextOrigin(0, self.y(top))
        start = 0.0
        for (x, width, value, align), heavy in zip(cells, weights, strict=True):
            line.setFont(BOLD if heavy else REGULAR, size)
            left = (x + 1 if align == "L" else x + width - 1 - text_width(value, heavy, size)) * mm
            line.moveCursor(left - start, 0)
            line.textOut(value)
            start = left
        self.drawText(line)

    def band(self, x: float, top: float, width: float, height: float, colour: Colour) -> None:
        self.setFillColorRGB(*(c / 255 for c in colour))
        self.rect(x * mm, self.y(top + height), width * mm, height * mm, stroke=0, fill=1)

    def rule(self, x1: float, x2: float, top: float, thickness: float, colour: Colour) -> None:
        self.setStrokeColorRGB(*(c / 255 for c in colour))
        self.setLineWidth(thickness * mm)
        self.line(x1 * mm, self.y(top), x2 * mm, self.y(top))
