"""The pricing core: what one charge costs for a period's quantity — fixed fees, unit prices,
graduated and volume tiers, packages — in exact decimals, rounded once per line to the currency.

Pure: the same function prices invoices, upcoming-invoice previews and the dashboard's
price preview, so they can never disagree.
"""

from __future__ import annotations

from decimal import Decimal

from fluxrate_common.bounds import exact
from fluxrate_common.money import round_money
from fluxrate_common.pricing.models import checked_model_of, model_of
from fluxrate_common.pricing.terms import ChargeTerms, PricingError, Rating


def validate_terms(terms: ChargeTerms, currency: str | None = None) -> None:
    """Raise PricingError naming the field when a charge could not be rated (in `currency`,
    when given: a fixed fee must fit its minor units)."""
    checked_model_of(terms).check(terms, currency)


def rate(terms: ChargeTerms, quantity: Decimal, currency: str,
         proration: Decimal = Decimal(1)) -> Rating:
    """Price `quantity` units (FIXED: the period count, usually 1, times `proration`)."""
    if quantity < 0:
        raise PricingError("quantity", "usage must not be negative")
    model = model_of(terms)
    with exact():
        priced = model.price(terms, quantity, proration)
        return Rating(quantity, priced.unit_price, round_money(priced.exact, currency),
                      priced.exact, priced.tiers, priced.packages)
