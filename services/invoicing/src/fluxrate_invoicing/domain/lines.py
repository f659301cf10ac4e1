"""An invoice's lines from the plan as it stood, the period and its usage — priced by the
shared pricing core, the same code for invoices and upcoming-invoice previews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from fluxrate_common.bounds import exact
from fluxrate_common.money import ZERO
from fluxrate_common.pricing import (
    ChargeTerms,
    package_line,
    rate,
    terms_from_snapshot,
    tier_lines,
)

ONE = Decimal(1)
SECONDS_PER_DAY = Decimal(86400)


@dataclass(frozen=True)
class Line:
    charge_id: UUID
    meter_id: UUID | None
    type: str
    display_name: str
    quantity: Decimal
    unit_price: Decimal | None
    proration: Decimal
    amount: Decimal
    tiers: list[dict[str, Any]]
    packages: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"charge_id": self.charge_id, "meter_id": self.meter_id, "type": self.type,
                "display_name": self.display_name, "quantity": self.quantity,
                "unit_price": self.unit_price, "proration": self.proration,
                "amount": self.amount, "tiers": self.tiers, "packages": self.packages}


def terms_of(charge: dict[str, Any]) -> ChargeTerms:
    return terms_from_snapshot(charge)


def proration_of(period: dict[str, Any]) -> Decimal:
    """Fixed fees times covered days over days in the period (1 for a whole, unpaused period)."""
    period_days = Decimal(str(period["period_days"]))
    covered = Decimal(str(period["covered_days"]))
    if period_days <= 0 or covered >= period_days:
        return ONE
    with exact():
        return covered / period_days


def share_so_far(start: datetime, end: datetime, now: datetime) -> Decimal:
    """Fixed fees' proration if the period [start, end) ended at `now` (a plan change or a
    cancellation now): the elapsed days over the period's days, counted as periods count them."""
    def days(a: datetime, b: datetime) -> Decimal:
        return Decimal(int((b - a).total_seconds())) / SECONDS_PER_DAY

    elapsed = min(max(now, start), end)
    return proration_of({"period_days": days(start, end), "covered_days": days(start, elapsed)})


def build_lines(plan: dict[str, Any], proration: Decimal, usage: dict[UUID, Decimal]) -> list[Line]:
    """One line per active charge of the plan; usage is per meter for the billed stretch."""
    lines = []
    for charge in plan["charges"]:
        if charge["status"] != "ACTIVE":
            continue
        terms = terms_of(charge)
        meter_id = UUID(charge["meter_id"]) if charge.get("meter_id") else None
        if charge["type"] == "FIXED":
            quantity, factor = ONE, proration
        else:
            quantity, factor = usage.get(meter_id, ZERO), ONE
        rating = rate(terms, quantity, plan["currency"], factor)
        lines.append(Line(UUID(charge["id"]), meter_id, charge["type"], charge["display_name"],
                          quantity, rating.unit_price, factor, rating.amount, tier_lines(rating),
                          package_line(rating)))
    return lines


def subtotal(lines: list[Line]) -> Decimal:
    """The sum of the lines, each already rounded once to the currency."""
    with exact():
        return sum((line.amount for line in lines), ZERO)


def priced(plan: dict[str, Any], period: dict[str, Any],
           usage: dict[UUID, Decimal]) -> tuple[list[Line], str | None]:
    """The lines, or why the period cannot be priced (a failure of what it holds, not of the
    machinery: that one is raised and retried)."""
    try:
        return build_lines(plan, proration_of(period), usage), None
    except (ArithmeticError, ValueError, KeyError, TypeError) as error:
        return [], repr(error)


def numbered(lines: list[Line]) -> list[dict[str, Any]]:
    """The lines as an invoice's events carry them: each with its position."""
    return [{"position": i, **line.as_dict()} for i, line in enumerate(lines)]
