"""The pricing core: what one charge costs for a period's quantity — fixed fees, unit prices,
graduated and volume tiers — in exact decimals, rounded once per line to the currency.

Pure: the same function prices invoices, upcoming-invoice previews and the dashboard's
tier preview, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from fluxrate_common.bounds import exact
from fluxrate_common.money import ZERO, round_money


class TierMode(StrEnum):
    GRADUATED = "graduated"  # each unit priced at its own tier's price
    VOLUME = "volume"  # every unit priced at the tier the total falls in


class PricingError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Tier:
    up_to: Decimal | None  # inclusive upper bound; None for the last tier
    unit_price: Decimal
    flat_fee: Decimal = ZERO


@dataclass(frozen=True)
class ChargeTerms:
    type: str  # "FIXED" or "USAGE"
    unit_price: Decimal | None = None
    tier_mode: TierMode | None = None
    tiers: tuple[Tier, ...] = ()


@dataclass(frozen=True)
class TierLine:
    tier: int  # 1-based
    from_units: Decimal  # exclusive lower bound
    up_to: Decimal | None
    quantity: Decimal
    unit_price: Decimal
    flat_fee: Decimal
    amount: Decimal  # exact, not rounded


@dataclass(frozen=True)
class Rating:
    quantity: Decimal
    unit_price: Decimal | None  # None for tiered charges: see `tiers`
    amount: Decimal  # rounded once, to the currency's minor units
    exact_amount: Decimal
    tiers: tuple[TierLine, ...] = ()


def validate_terms(terms: ChargeTerms) -> None:
    """Raise PricingError naming the field when a charge could not be rated."""
    if terms.type not in ("FIXED", "USAGE"):
        raise PricingError("type", "must be FIXED or USAGE")
    if terms.tiers:
        _validate_tiers(terms)
    elif terms.unit_price is None:
        raise PricingError("unit_price", "is required")
    elif terms.unit_price < 0:
        raise PricingError("unit_price", "must not be negative")


def _validate_tiers(terms: ChargeTerms) -> None:
    if terms.type != "USAGE":
        raise PricingError("tiers", "only USAGE charges can be tiered")
    if terms.tier_mode is None:
        raise PricingError("tier_mode", "is required with tiers: graduated or volume")
    previous = ZERO
    for index, tier in enumerate(terms.tiers):
        last = index == len(terms.tiers) - 1
        if tier.unit_price < 0 or tier.flat_fee < 0:
            raise PricingError(f"tiers[{index}]", "prices and fees must not be negative")
        if (tier.up_to is None) != last:
            raise PricingError(f"tiers[{index}].up_to",
                               "only the last tier is open-ended (up_to: null), and it must be")
        if tier.up_to is not None and tier.up_to <= previous:
            raise PricingError(f"tiers[{index}].up_to", "must be greater than the tier before")
        previous = tier.up_to if tier.up_to is not None else previous


def rate(terms: ChargeTerms, quantity: Decimal, currency: str,
         proration: Decimal = Decimal(1)) -> Rating:
    """Price `quantity` units (FIXED: the period count, usually 1, times `proration`)."""
    if quantity < 0:
        raise PricingError("quantity", "usage must not be negative")
    with exact():
        return _rate(terms, quantity, currency, proration)


def _rate(terms: ChargeTerms, quantity: Decimal, currency: str, proration: Decimal) -> Rating:
    if terms.type == "FIXED":
        exact = quantity * (terms.unit_price or ZERO) * proration
        return Rating(quantity, terms.unit_price, round_money(exact, currency), exact)
    if not terms.tiers:
        exact = quantity * (terms.unit_price or ZERO)
        return Rating(quantity, terms.unit_price, round_money(exact, currency), exact)
    lines = _graduated(terms.tiers, quantity) if terms.tier_mode == TierMode.GRADUATED \
        else _volume(terms.tiers, quantity)
    exact = sum((line.amount for line in lines), ZERO)
    return Rating(quantity, None, round_money(exact, currency), exact, tuple(lines))


def _graduated(tiers: tuple[Tier, ...], quantity: Decimal) -> list[TierLine]:
    lines, lower = [], ZERO
    for number, tier in enumerate(tiers, start=1):
        upper = quantity if tier.up_to is None else min(quantity, tier.up_to)
        units = max(upper - lower, ZERO)
        if units > 0:
            amount = units * tier.unit_price + tier.flat_fee
            lines.append(TierLine(number, lower, tier.up_to, units, tier.unit_price,
                                  tier.flat_fee, amount))
        if tier.up_to is None or quantity <= tier.up_to:
            break
        lower = tier.up_to
    return lines


def _volume(tiers: tuple[Tier, ...], quantity: Decimal) -> list[TierLine]:
    if quantity == 0:
        return []
    lower = ZERO
    for number, tier in enumerate(tiers, start=1):
        if tier.up_to is None or quantity <= tier.up_to:
            amount = quantity * tier.unit_price + tier.flat_fee
            return [TierLine(number, lower, tier.up_to, quantity, tier.unit_price,
                             tier.flat_fee, amount)]
        lower = tier.up_to
    raise AssertionError("validated tiers always end open-ended")
