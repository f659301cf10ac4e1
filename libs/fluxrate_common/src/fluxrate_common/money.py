"""Money: Decimal only, ISO 4217 currencies with their minor units, one explicit rounding."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Annotated

import pycountry
from babel.numbers import get_currency_precision, get_territory_currencies
from pydantic import AfterValidator, Field

ROUNDING = ROUND_HALF_UP  # 0.005 -> 0.01: what customers expect on an invoice
ZERO = Decimal(0)


@cache
def _currencies() -> frozenset[str]:
    """Currencies a customer can be billed in: codes on ISO 4217's current list (pycountry's
    copy of it) that are some country's legal tender (CLDR's territory data, through babel).

    ISO's list also holds codes that are not money, and CLDR's tender data is what tells them
    apart without a list of our own to keep: XXX (no currency) and XTS (testing), the precious
    metals XAU, XAG, XPT and XPD, the units of account XDR, XSU, XUA, XAD and the bond-market
    units XBA-XBD, and the fund codes (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) that index
    or settle a real currency. The X-codes that are money stay: XAF, XOF, XCD, XPF, XCG.
    babel's own list is refused as the source: it keeps every historic currency (DEM, FRF,
    HRK) along with all of the above."""
    current = {currency.alpha_3 for currency in pycountry.currencies}
    tender: set[str] = set()
    for country in pycountry.countries:
        tender.update(get_territory_currencies(country.alpha_2, start_date=date.min,
                                               end_date=date.max, tender=True))
    return frozenset(current & tender)


def is_currency(code: str) -> bool:
    return code in _currencies()


def _circulating(code: str) -> str:
    if not is_currency(code):
        raise ValueError(f"{code!r} is not a currency in circulation (ISO 4217)")
    return code


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217, in circulation"),
                     AfterValidator(_circulating)]


def minor_units(currency: str) -> int:
    """Digits after the decimal point: USD 2, JPY 0, KWD 3."""
    return get_currency_precision(currency)


def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(quantum(currency), rounding=ROUNDING)


def fits_currency(amount: Decimal, currency: str) -> bool:
    """True when the amount has no more decimals than the currency's minor unit."""
    return amount == amount.quantize(quantum(currency)) if amount.is_finite() else False


def to_decimal(value: object) -> Decimal:
    """Exact conversion for values that arrived as JSON numbers or strings."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int | str):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise ValueError(f"{type(value).__name__} is not a number")
