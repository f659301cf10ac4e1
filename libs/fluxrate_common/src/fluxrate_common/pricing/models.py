"""The registry of pricing models. A model says which charge type it prices, which field of
the terms selects it, which fields it reads, how to check them and how to price a quantity.
A new model is one class here (and its fields on `ChargeTerms` and in `snapshot`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from fluxrate_common.money import ZERO, fits_currency, minor_units
from fluxrate_common.pricing.terms import (
    CHARGE_TYPES,
    ChargeTerms,
    PackageLine,
    PricingError,
    Tier,
    TierLine,
    TierMode,
)

OPTIONAL_FIELDS = tuple(f.name for f in fields(ChargeTerms) if f.name != "type")


@dataclass(frozen=True)
class Priced:
    exact: Decimal
    unit_price: Decimal | None
    tiers: tuple[TierLine, ...] = ()
    packages: PackageLine | None = None


class PricingModel:
    name: str  # what the API and the dashboard call it
    charge_type: str
    marker: str | None = None  # the field whose presence selects it; None: its type's default
    reads: tuple[str, ...] = ("unit_price",)
    refusal: str = ""  # why another charge type cannot have its marker

    def check(self, terms: ChargeTerms, currency: str | None) -> None:
        _price_required(terms.unit_price, "unit_price")

    def price(self, terms: ChargeTerms, quantity: Decimal, proration: Decimal) -> Priced:
        raise NotImplementedError


def _price_required(price: Decimal | None, field: str) -> None:
    if price is None:
        raise PricingError(field, "is required")
    if price < 0:
        raise PricingError(field, "must not be negative")


class FixedFee(PricingModel):
    name, charge_type = "fixed", "FIXED"

    def check(self, terms: ChargeTerms, currency: str | None) -> None:
        super().check(terms, currency)
        if currency is not None and not fits_currency(terms.unit_price, currency):
            raise PricingError("unit_price", f"has more decimal places than {currency} allows "
                                             f"({minor_units(currency)})")

    def price(self, terms: ChargeTerms, quantity: Decimal, proration: Decimal) -> Priced:
        return Priced(quantity * (terms.unit_price or ZERO) * proration, terms.unit_price)


class PerUnit(PricingModel):
    name, charge_type = "per_unit", "USAGE"

    def price(self, terms: ChargeTerms, quantity: Decimal, proration: Decimal) -> Priced:
        return Priced(quantity * (terms.unit_price or ZERO), terms.unit_price)


class Tiered(PricingModel):
    name, charge_type, marker = "tiered", "USAGE", "tiers"
    reads = ("tiers", "tier_mode")
    refusal = "only USAGE charges can be tiered"

    def check(self, terms: ChargeTerms, currency: str | None) -> None:
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

    def price(self, terms: ChargeTerms, quantity: Decimal, proration: Decimal) -> Priced:
        lines = _graduated(terms.tiers, quantity) if terms.tier_mode == TierMode.GRADUATED \
            else _volume(terms.tiers, quantity)
        return Priced(sum((line.amount for line in lines), ZERO), None, tuple(lines))


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


class Package(PricingModel):
    """Usage sold in whole packages: `unit_price` buys `package_size` units, a package begun
    is a package billed, and `free_units` come first at no charge."""

    name, charge_type, marker = "package", "USAGE", "package_size"
    reads = ("package_size", "unit_price", "free_units")
    refusal = "only USAGE charges can be priced by package"

    def check(self, terms: ChargeTerms, currency: str | None) -> None:
        size = terms.package_size
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise PricingError("package_size", "must be a positive whole number of units")
        _price_required(terms.unit_price, "unit_price")
        if terms.free_units is not None and terms.free_units < 0:
            raise PricingError("free_units", "must not be negative")

    def price(self, terms: ChargeTerms, quantity: Decimal, proration: Decimal) -> Priced:
        size, free = Decimal(terms.package_size or 1), terms.free_units or ZERO
        billable = max(quantity - free, ZERO)
        whole, rest = divmod(billable, size)
        packages = whole + (1 if rest > 0 else 0)
        price = terms.unit_price or ZERO
        line = PackageLine(int(size), free, billable, packages, price, packages * price)
        return Priced(line.amount, price, packages=line)


MODELS: tuple[PricingModel, ...] = (FixedFee(), PerUnit(), Tiered(), Package())
BY_NAME = {model.name: model for model in MODELS}


def is_set(terms: ChargeTerms, field: str) -> bool:
    value: Any = getattr(terms, field)
    return value is not None and value != ()


def model_of(terms: ChargeTerms) -> PricingModel:
    """The model that prices terms already accepted: the first of its type whose marker is
    set, else its type's default (lenient, so a charge stored long ago always rates)."""
    own = [m for m in MODELS if m.charge_type == terms.type]
    if not own:
        raise PricingError("type", "must be FIXED or USAGE")
    return next((m for m in own if m.marker and is_set(terms, m.marker)),
                next(m for m in own if m.marker is None))


def checked_model_of(terms: ChargeTerms) -> PricingModel:
    """The model pricing new terms, or PricingError naming the field that does not fit."""
    if terms.type not in CHARGE_TYPES:
        raise PricingError("type", "must be FIXED or USAGE")
    for model in MODELS:
        if model.marker and model.charge_type != terms.type and is_set(terms, model.marker):
            raise PricingError(model.marker, model.refusal)
    own = [m for m in MODELS if m.charge_type == terms.type]
    marked = [m for m in own if m.marker and is_set(terms, m.marker)]
    if len(marked) > 1:
        raise PricingError(marked[1].marker or "type", f"a charge has one pricing model: "
                           f"{marked[0].marker} or {marked[1].marker}, not both")
    chosen = marked[0] if marked else next(m for m in own if m.marker is None)
    for field in OPTIONAL_FIELDS:
        if is_set(terms, field) and field not in chosen.reads:
            raise PricingError(field, _not_read(field, chosen))
    return chosen


def _not_read(field: str, chosen: PricingModel) -> str:
    owner = next((m for m in MODELS if m.marker and field in m.reads and m is not chosen), None)
    if owner is None or owner.charge_type != chosen.charge_type:
        return f"is not part of a {chosen.name.replace('_', '-')} charge"
    return f"is only for {owner.name} pricing (with {owner.marker})"
