from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxrate_common.money import fits_currency, round_money, to_decimal
from fluxrate_common.pricing import ChargeTerms, PricingError, Tier, TierMode, rate, validate_terms

FIRST_1000_FREE = ChargeTerms("USAGE", tier_mode=TierMode.GRADUATED,
                              tiers=(Tier(D(1000), D(0)), Tier(None, D("0.001"))))
THREE_TIERS = (Tier(D(100), D("0.10")), Tier(D(1000), D("0.05"), D(2)), Tier(None, D("0.01")))


@pytest.mark.parametrize(("terms", "quantity", "amount"), [
    (ChargeTerms("FIXED", D("99.00")), D(1), D("99.00")),
    (ChargeTerms("USAGE", D("0.005")), D(1234), D("6.17")),  # 6.170
    (ChargeTerms("USAGE", D("0.001")), D(12345), D("12.35")),  # 12.345 rounds half up
    (FIRST_1000_FREE, D(1000), D("0.00")),
    (FIRST_1000_FREE, D(1500), D("0.50")),
    (ChargeTerms("USAGE", tier_mode=TierMode.GRADUATED, tiers=THREE_TIERS), D(250), D("19.50")),
    (ChargeTerms("USAGE", tier_mode=TierMode.VOLUME, tiers=THREE_TIERS), D(250), D("14.50")),
    (ChargeTerms("USAGE", tier_mode=TierMode.VOLUME, tiers=THREE_TIERS), D(2000), D("20.00")),
    (ChargeTerms("USAGE", tier_mode=TierMode.VOLUME, tiers=THREE_TIERS), D(0), D("0.00")),
])
def test_fixed_per_unit_and_tiered_charges_rate_as_worked_out_by_hand(terms: ChargeTerms, quantity: D,
                                                                      amount: D) -> None:
    assert rate(terms, quantity, "USD").amount == amount


def test_graduated_breakdown_per_tier() -> None:
    rating = rate(ChargeTerms("USAGE", tier_mode=TierMode.GRADUATED, tiers=THREE_TIERS),
                  D(250), "USD")
    # 100 x 0.10 = 10; 150 x 0.05 + 2 flat = 9.50
    assert [(t.tier, t.quantity, t.amount) for t in rating.tiers] == [
        (1, D(100), D("10.00")), (2, D(150), D("9.50"))]
    assert rating.unit_price is None


def test_fixed_charges_prorate_by_days() -> None:
    rating = rate(ChargeTerms("FIXED", D("99.00")), D(1), "USD", proration=D(10) / D(31))
    assert rating.amount == D("31.94")


def test_amounts_round_to_and_must_fit_the_currencys_minor_units() -> None:
    assert round_money(D("1234.5"), "JPY") == D(1235)
    assert round_money(D("1.2345"), "KWD") == D("1.235")
    assert fits_currency(D("99.00"), "USD") and not fits_currency(D("99.001"), "USD")
    assert not fits_currency(D("1.5"), "JPY")


def test_json_numbers_become_exact_decimals() -> None:
    assert to_decimal(0.005) == D("0.005")
    assert to_decimal("0.30000000000000000001") == D("0.30000000000000000001")
    with pytest.raises(ValueError):
        to_decimal(True)


@pytest.mark.parametrize(("terms", "field"), [
    (ChargeTerms("USAGE"), "unit_price"),
    (ChargeTerms("USAGE", D(-1)), "unit_price"),
    (ChargeTerms("FIXED", tier_mode=TierMode.VOLUME, tiers=(Tier(None, D(1)),)), "tiers"),
    (ChargeTerms("USAGE", tiers=(Tier(None, D(1)),)), "tier_mode"),
    (ChargeTerms("USAGE", tier_mode=TierMode.VOLUME, tiers=(Tier(D(10), D(1)),)), "tiers[0].up_to"),
    (ChargeTerms("USAGE", tier_mode=TierMode.VOLUME,
                 tiers=(Tier(D(10), D(1)), Tier(D(5), D(1)), Tier(None, D(1)))), "tiers[1].up_to"),
    (ChargeTerms("USAGE", tier_mode=TierMode.VOLUME,
                 tiers=(Tier(None, D(1)), Tier(None, D(1)))), "tiers[0].up_to"),
    (ChargeTerms("USAGE", tier_mode=TierMode.GRADUATED, tiers=(Tier(None, D(-1)),)), "tiers[0]"),
])
def test_invalid_terms_name_the_field(terms: ChargeTerms, field: str) -> None:
    with pytest.raises(PricingError) as error:
        validate_terms(terms)
    assert error.value.field == field


prices = st.decimals(min_value=0, max_value=1000, places=4)
quantities = st.decimals(min_value=0, max_value=10**7, places=3)


@st.composite
def tiers(draw: st.DrawFn) -> tuple[Tier, ...]:
    bounds = sorted(draw(st.sets(st.integers(1, 10**6), min_size=0, max_size=4)))
    result = [Tier(D(b), draw(prices), draw(prices)) for b in bounds]
    return (*result, Tier(None, draw(prices), draw(prices)))


@given(tiers(), quantities, quantities)
def test_graduated_is_monotone_in_usage(tier_list: tuple[Tier, ...], a: D, b: D) -> None:
    terms = ChargeTerms("USAGE", tier_mode=TierMode.GRADUATED, tiers=tier_list)
    low, high = sorted((a, b))
    assert rate(terms, low, "USD").exact_amount <= rate(terms, high, "USD").exact_amount


@given(prices, prices, quantities)
def test_volume_and_graduated_agree_with_one_tier(price: D, fee: D, quantity: D) -> None:
    single = (Tier(None, price, fee),)
    graduated = rate(ChargeTerms("USAGE", tier_mode=TierMode.GRADUATED, tiers=single), quantity, "EUR")
    volume = rate(ChargeTerms("USAGE", tier_mode=TierMode.VOLUME, tiers=single), quantity, "EUR")
    assert graduated.amount == volume.amount


@given(tiers(), quantities, st.sampled_from(list(TierMode)))
def test_amounts_are_never_negative_and_rounded_once(tier_list: tuple[Tier, ...], quantity: D,
                                                     mode: TierMode) -> None:
    rating = rate(ChargeTerms("USAGE", tier_mode=mode, tiers=tier_list), quantity, "USD")
    assert rating.amount >= 0 and rating.exact_amount >= 0
    assert rating.exact_amount == sum((t.amount for t in rating.tiers), D(0))
    assert rating.amount == round_money(rating.exact_amount, "USD")
    if mode == TierMode.GRADUATED:
        assert sum((t.quantity for t in rating.tiers), D(0)) == quantity
