"""Money: Decimal only, ISO 4217 currencies with their minor units, one explicit rounding."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel.numbers import get_currency_precision, list_currencies

ROUNDING = ROUND_HALF_UP  # 0.005 -> 0.01: what customers expect on an invoice
ZERO = Decimal(0)


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in _currencies()


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
