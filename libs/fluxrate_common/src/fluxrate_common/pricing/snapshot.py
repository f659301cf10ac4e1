"""Charge terms to and from their snapshot — the plain, JSON-ready form a charge has in the
API, in catalog events, in read models and in the catalog's own rows — and a rating's
breakdown in the same form. The one place that knows every field of every pricing model."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fluxrate_common.pricing.terms import ChargeTerms, PackageLine, Rating, Tier, TierMode

# The terms' fields that are one value each (a column each where a charge is stored in rows).
SCALAR_FIELDS = ("type", "unit_price", "tier_mode", "package_size", "free_units")


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _tier(data: Mapping[str, Any]) -> Tier:
    return Tier(_decimal(data.get("up_to")), Decimal(str(data["unit_price"])),
                Decimal(str(data.get("flat_fee") or 0)))


def terms_from_snapshot(data: Mapping[str, Any]) -> ChargeTerms:
    """Terms from a snapshot, a request's fields or a row; absent fields are unset."""
    size = data.get("package_size")
    return ChargeTerms(
        type=data["type"],
        unit_price=_decimal(data.get("unit_price")),
        tier_mode=TierMode(data["tier_mode"]) if data.get("tier_mode") else None,
        tiers=tuple(_tier(t) for t in data.get("tiers") or ()),
        package_size=None if size is None else int(size),
        free_units=_decimal(data.get("free_units")),
    )


def terms_snapshot(terms: ChargeTerms) -> dict[str, Any]:
    return {
        "type": terms.type,
        "unit_price": terms.unit_price,
        "tier_mode": terms.tier_mode.value if terms.tier_mode else None,
        "tiers": [{"up_to": t.up_to, "unit_price": t.unit_price, "flat_fee": t.flat_fee}
                  for t in terms.tiers],
        "package_size": terms.package_size,
        "free_units": terms.free_units,
    }


def tier_lines(rating: Rating) -> list[dict[str, Any]]:
    return [{"tier": t.tier, "from": t.from_units, "up_to": t.up_to, "quantity": t.quantity,
             "unit_price": t.unit_price, "flat_fee": t.flat_fee, "amount": t.amount}
            for t in rating.tiers]


def package_line(rating: Rating) -> dict[str, Any] | None:
    line: PackageLine | None = rating.packages
    if line is None:
        return None
    return {"package_size": line.package_size, "free_units": line.free_units,
            "billable_units": line.billable_units, "packages": line.packages,
            "unit_price": line.unit_price, "amount": line.amount}
