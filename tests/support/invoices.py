"""Invoices as the PDF renderer takes them (what invoicing reads from its tables), made up
without a database: for unit tests and the PDF benchmark."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

PERIOD = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC))
CUSTOMER = {"name": "Zoë Ångström", "email": "zoe@example.com", "tax_id": "SE556677889901",
            "billing_address": {"line1": "Storgatan 1", "postal_code": "111 22",
                                "city": "Stockholm", "country": "SE"}}
BRANDING = {"name": "Acme Analytics", "accent_color": "#0E7490", "email": "billing@acme.example",
            "tax_id": "PT509876543", "billing_address": {
                "line1": "1 Rua Augusta", "postal_code": "1100-048", "city": "Lisbon", "country": "PT"}}
GRADUATED = [  # 12,500 units: 0 + (9,000 x 0.002 + 5.00) + 2,500 x 0.001 = 25.50
    {"tier": 1, "from": "0", "up_to": "1000", "quantity": "1000", "unit_price": "0",
     "flat_fee": None, "amount": "0"},
    {"tier": 2, "from": "1000", "up_to": "10000", "quantity": "9000", "unit_price": "0.002",
     "flat_fee": "5.00", "amount": "23.000"},
    {"tier": 3, "from": "10000", "up_to": None, "quantity": "2500", "unit_price": "0.001",
     "flat_fee": None, "amount": "2.500"}]


def line(number: int, name: str, quantity: str, unit_price: str | None, amount: str,
         tiers: list[dict[str, Any]] | None = None, proration: str = "1") -> dict[str, Any]:
    return {"charge_id": UUID(int=number), "display_name": name, "quantity": Decimal(quantity),
            "unit_price": None if unit_price is None else Decimal(unit_price),
            "amount": Decimal(amount), "tiers": tiers or [], "proration": Decimal(proration)}


def invoice(lines: list[dict[str, Any]], status: str = "OPEN", currency: str = "USD",
            number: str | None = "INV-000042") -> dict[str, Any]:
    total = sum((entry["amount"] for entry in lines), Decimal(0))
    finalized = None if status == "DRAFT" else datetime(2026, 11, 1, 1, tzinfo=UTC)
    return {"id": UUID(int=42), "number": number, "status": status, "currency": currency,
            "period_start": PERIOD[0], "period_end": PERIOD[1], "created_at": PERIOD[1],
            "finalized_at": finalized, "due_date": finalized and datetime(2026, 12, 1, tzinfo=UTC),
            "subtotal": total, "total": total, "amount_paid": None, "paid_at": None}


def fifty_lines() -> list[dict[str, Any]]:
    """A base fee, 24 metered lines at unit prices and 25 tiered ones: 50 lines, 125 rows."""
    lines = [line(0, "Pro monthly subscription", "1", "99.00", "99.00")]
    for number in range(1, 25):
        lines.append(line(number, f"Storage region {number} (per GB)", f"{number * 37}.5", "0.005",
                          str((Decimal(f"{number * 37}.5") * Decimal("0.005")).quantize(Decimal("0.01")))))
    for number in range(25, 50):
        lines.append(line(number, f"API calls, model {number}", "12500", None, "25.50", GRADUATED))
    return lines
