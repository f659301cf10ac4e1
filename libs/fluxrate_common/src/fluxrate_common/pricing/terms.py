"""What a charge's price is made of (its terms) and what rating it produces: plain values,
shared by every pricing model."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from fluxrate_common.money import ZERO

CHARGE_TYPES = ("FIXED", "USAGE")


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
    """Every field any pricing model reads; a model refuses the fields of the others."""

    type: str  # "FIXED" or "USAGE"
    unit_price: Decimal | None = None  # per unit, per period (FIXED) or per package
    tier_mode: TierMode | None = None
    tiers: tuple[Tier, ...] = ()
    package_size: int | None = None  # units in one package
    free_units: Decimal | None = None  # units given before the first package is counted


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
class PackageLine:
    package_size: int
    free_units: Decimal
    billable_units: Decimal  # usage beyond the free units
    packages: Decimal  # billable units in whole packages, the last one started counting whole
    unit_price: Decimal  # of one package
    amount: Decimal  # exact, not rounded


@dataclass(frozen=True)
class Rating:
    quantity: Decimal
    unit_price: Decimal | None  # None for tiered charges: see `tiers`
    amount: Decimal  # rounded once, to the currency's minor units
    exact_amount: Decimal
    tiers: tuple[TierLine, ...] = ()
    packages: PackageLine | None = None
