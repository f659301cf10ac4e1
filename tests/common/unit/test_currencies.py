"""Currencies a plan may bill in: ISO 4217's current codes that are money somewhere."""

from __future__ import annotations

import pytest

from fluxrate_common.money import is_currency, minor_units

NOT_MONEY = {
    "XXX": "no currency", "XTS": "reserved for testing",
    "XAU": "gold", "XAG": "silver", "XPT": "platinum", "XPD": "palladium",
    "XDR": "IMF special drawing right", "XSU": "sucre", "XUA": "ADB unit of account",
    "XBA": "bond-market unit", "XBD": "bond-market unit",
    "BOV": "fund", "CHE": "fund", "CHW": "fund", "CLF": "fund", "COU": "fund", "MXV": "fund",
    "USN": "fund", "UYI": "fund", "UYW": "fund",
    "DEM": "replaced by the euro", "FRF": "replaced by the euro", "HRK": "replaced by the euro",
    "usd": "not upper case", "ZZZ": "not a code",
}


@pytest.mark.parametrize(("code", "why"), sorted(NOT_MONEY.items()))
def test_codes_that_are_not_money_in_circulation_are_refused(code: str, why: str) -> None:
    assert not is_currency(code), why


@pytest.mark.parametrize(("code", "digits"), [
    ("USD", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("CHF", 2), ("GBP", 2), ("INR", 2),
    ("BRL", 2), ("CLP", 0), ("XAF", 0), ("XOF", 0), ("XCD", 2), ("XPF", 0)])
def test_circulating_currencies_are_accepted_with_their_minor_units(code: str, digits: int) -> None:
    assert is_currency(code) and minor_units(code) == digits
