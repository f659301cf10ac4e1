"""The pricing-model registry: package pricing by hand and by property, the model a charge's
fields select, and terms that survive their snapshot."""

from __future__ import annotations

import math
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxrate_common.pricing import (
    BY_NAME,
    ChargeTerms,
    PricingError,
    Tier,
    TierMode,
    model_of,
    rate,
    terms_from_snapshot,
    terms_snapshot,
    validate_terms,
)


def packs(size: int = 100, price: str = "5.00", free: str | None = None) -> ChargeTerms:
    return ChargeTerms("USAGE", D(price), package_size=size,
                       free_units=None if free is None else D(free))


@pytest.mark.parametrize(("terms", "quantity", "amount", "packages"), [
    (packs(), D(250), D("15.00"), 3),
    (packs(free="100"), D(250), D("10.00"), 2),
    (packs(), D(300), D("15.00"), 3),  # exactly full packages
    (packs(), D("0.5"), D("5.00"), 1),  # a package begun is a package billed
    (packs(free="100"), D(60), D("0.00"), 0),  # never below zero
    (packs(), D(0), D("0.00"), 0),
    (packs(size=1, price="0.001"), D(12345), D("12.35"), 12345),  # rounded once, half up
])
def test_package_pricing_bills_whole_packages_after_the_free_units(
        terms: ChargeTerms, quantity: D, amount: D, packages: int) -> None:
    rating = rate(terms, quantity, "USD")
    assert (rating.amount, rating.packages.packages) == (amount, packages)
    assert rating.unit_price == terms.unit_price and rating.tiers == ()


@given(st.integers(1, 10**6), st.decimals(0, 10**6, places=3), st.decimals(0, 10**7, places=3),
       st.decimals(0, 1000, places=4))
def test_packages_are_the_ceiling_of_billable_units_over_the_size(size: int, free: D, quantity: D,
                                                                  price: D) -> None:
    rating = rate(ChargeTerms("USAGE", price, package_size=size, free_units=free), quantity, "EUR")
    billable = max(quantity - free, D(0))
    assert rating.packages.billable_units == billable
    assert rating.packages.packages == math.ceil(billable / size)
    assert rating.exact_amount == rating.packages.packages * price >= 0


@pytest.mark.parametrize(("terms", "model"), [
    (ChargeTerms("FIXED", D(99)), "fixed"),
    (ChargeTerms("USAGE", D("0.01")), "per_unit"),
    (ChargeTerms("USAGE", tier_mode=TierMode.VOLUME, tiers=(Tier(None, D(1)),)), "tiered"),
    (packs(), "package"),
])
def test_the_charge_fields_select_one_registered_model(terms: ChargeTerms, model: str) -> None:
    assert model_of(terms) is BY_NAME[model]
    validate_terms(terms, "USD")


@pytest.mark.parametrize(("terms", "field"), [
    (ChargeTerms("USAGE", D(5), package_size=0), "package_size"),
    (ChargeTerms("USAGE", package_size=100), "unit_price"),
    (packs(free="-1"), "free_units"),
    (ChargeTerms("USAGE", D(1), free_units=D(10)), "free_units"),
    (ChargeTerms("FIXED", D(5), package_size=100), "package_size"),
    (ChargeTerms("USAGE", D(5), TierMode.VOLUME, (Tier(None, D(1)),), package_size=100),
     "package_size"),
    (ChargeTerms("USAGE", D(5), TierMode.VOLUME, (Tier(None, D(1)),)), "unit_price"),
    (ChargeTerms("USAGE", D(5), TierMode.VOLUME), "tier_mode"),
    (ChargeTerms("FIXED", D("9.999")), "unit_price"),  # more decimals than USD has
])
def test_fields_that_do_not_fit_the_selected_model_are_named(terms: ChargeTerms, field: str) -> None:
    with pytest.raises(PricingError) as error:
        validate_terms(terms, "USD")
    assert error.value.field == field


def test_charges_stored_before_stricter_checks_still_rate() -> None:
    """A tiered charge stored with a unit price too: the tiers price it."""
    lenient = ChargeTerms("USAGE", D(5), TierMode.VOLUME, (Tier(None, D(1)),))
    assert rate(lenient, D(3), "USD").amount == D("3.00")


@pytest.mark.parametrize("terms", [
    ChargeTerms("FIXED", D("99.00")),
    ChargeTerms("USAGE", tier_mode=TierMode.GRADUATED,
                tiers=(Tier(D(1000), D(0)), Tier(None, D("0.001"), D(2)))),
    packs(free="100"),
])
def test_terms_survive_their_snapshot_and_its_json_form(terms: ChargeTerms) -> None:
    snapshot = terms_snapshot(terms)
    assert terms_from_snapshot(snapshot) == terms
    as_json = {k: (str(v) if isinstance(v, D) else v) for k, v in snapshot.items()}
    as_json["tiers"] = [{k: None if v is None else str(v) for k, v in t.items()}
                        for t in snapshot["tiers"]]
    assert terms_from_snapshot(as_json) == terms
