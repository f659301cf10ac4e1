"""What the invoice PDF says, as text: money in the currency's format, quantities, dates,
addresses and tier ranges. Pure."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import format_currency, format_decimal

LOCALE = "en_US"
_UNIT_PRICE = "¤#,##0.00##########"
EN_DASH, EM_DASH, TIMES = "\u2013", "\u2014", "\u00d7"  # at least the minor units, every decimal a price has


# Invoices repeat the same figures (tier prices, amounts) many times, and Babel's formatting
# is the slowest part of a PDF: each distinct figure is formatted once.
@lru_cache(maxsize=16_384)
def _currency(amount: str, currency: str, pattern: str | None, currency_digits: bool) -> str:
    return format_currency(Decimal(amount), currency, locale=LOCALE, format=pattern,
                           currency_digits=currency_digits)


def money(amount: Any, currency: str, glyphs: frozenset[int] | None = None) -> str:
    """`$1,234.50`, `¥1,235`, `KWD1,234.500`; the ISO code where the font lacks the symbol."""
    text = _currency(str(amount), currency, None, True)
    return text if _printable(text, glyphs) else _currency(str(amount), currency, "¤¤ #,##0.00", True)


def unit_price(amount: Any, currency: str, glyphs: frozenset[int] | None = None) -> str:
    text = _currency(str(amount), currency, _UNIT_PRICE, False)
    return text if _printable(text, glyphs) else f"{currency} {quantity(amount)}"


def _printable(text: str, glyphs: frozenset[int] | None) -> bool:
    return glyphs is None or all(ord(ch) in glyphs for ch in text)


def quantity(value: Any) -> str:
    return _decimal(str(value))


@lru_cache(maxsize=16_384)
def _decimal(value: str) -> str:
    return format_decimal(Decimal(value), format="#,##0.############", locale=LOCALE)


def day(moment: datetime | None) -> str:
    return EM_DASH if moment is None else moment.strftime("%d %b %Y").lstrip("0")


def period(start: datetime, end: datetime) -> str:
    """Whole days show their last day (a month is 1 Jan to 31 Jan); other periods their times."""
    if start.time() == end.time() == datetime.min.time():
        return f"{day(start)} {EN_DASH} {day(end - timedelta(days=1))}"
    return f"{start:%d %b %Y %H:%M} {EN_DASH} {end:%d %b %Y %H:%M} UTC"


def address_lines(details: dict[str, Any] | None) -> list[str]:
    if not details:
        return []
    lines = [details.get("line1"), details.get("line2")]
    city = " ".join(part for part in (details.get("postal_code"), details.get("city")) if part)
    lines.append(", ".join(part for part in (city, details.get("state")) if part))
    country = details.get("country")
    lines.append(Locale.parse(LOCALE).territories.get(country, country) if country else None)
    return [line for line in lines if line]


def tier_range(tier: dict[str, Any]) -> str:
    """`Tier 2: over 1,000 up to 10,000` (a tier's lower bound is exclusive)."""
    lower = Decimal(str(tier["from"]))
    upper = None if tier.get("up_to") is None else quantity(tier["up_to"])
    if lower == 0:
        return f"Tier {tier['tier']}: " + (f"up to {upper}" if upper else "every unit")
    return f"Tier {tier['tier']}: over {quantity(lower)}" + (f" up to {upper}" if upper else "")
