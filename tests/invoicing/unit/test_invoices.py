from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from fluxrate_common.errors import Conflict
from fluxrate_invoicing.domain.invoices import TRANSITIONS, Action, Status, invoice_number, next_status
from fluxrate_invoicing.domain.lines import build_lines, proration_of, subtotal
from fluxrate_invoicing.emails import render

ALLOWED = {(Status.DRAFT, Action.FINALIZE): Status.OPEN, (Status.DRAFT, Action.VOID): Status.VOID,
           (Status.OPEN, Action.PAY): Status.PAID, (Status.OPEN, Action.VOID): Status.VOID,
           (Status.OPEN, Action.MARK_UNCOLLECTIBLE): Status.UNCOLLECTIBLE,
           (Status.FAILED, Action.RETRY): Status.DRAFT, (Status.FAILED, Action.VOID): Status.VOID}


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in Status for a in Action],
                         ids=lambda x: x.value)
def test_an_invoice_moves_only_where_its_lifecycle_allows(status: Status, action: Action) -> None:
    if (status, action) in ALLOWED:
        assert next_status(status, action) == ALLOWED[(status, action)]
    else:
        with pytest.raises(Conflict) as error:
            next_status(status, action)
        assert status.value in error.value.message
    assert TRANSITIONS == ALLOWED


def charge(kind: str, price: str, status: str = "ACTIVE", **extra: object) -> dict:
    return {"id": str(uuid4()), "type": kind, "unit_price": price, "display_name": kind.title(),
            "status": status, "meter_id": str(uuid4()) if kind == "USAGE" else None, "tiers": [],
            "tier_mode": None, **extra}


def test_lines_prorate_fixed_fees_skip_inactive_charges_and_round_once() -> None:
    usage_charge = charge("USAGE", "0.0015")
    plan = {"currency": "USD", "charges": [charge("FIXED", "90.00"), usage_charge,
                                           charge("FIXED", "500", status="INACTIVE")]}
    proration = proration_of({"period_days": "30", "covered_days": "10"})
    lines = build_lines(plan, proration, {UUID(usage_charge["meter_id"]): Decimal(1001)})
    assert [line.amount for line in lines] == [Decimal("30.00"), Decimal("1.50")]  # 1.5015
    assert subtotal(lines) == Decimal("31.50")
    assert proration_of({"period_days": "30", "covered_days": "30"}) == 1


def test_invoice_numbers_are_padded_and_the_email_lists_each_line() -> None:
    assert invoice_number(42) == "INV-000042"
    invoice = {"number": "INV-000042", "currency": "EUR", "total": Decimal("12.30"),
               "period_start": datetime(2026, 1, 1, tzinfo=UTC),
               "period_end": datetime(2026, 2, 1, tzinfo=UTC),
               "due_date": datetime(2026, 3, 3, tzinfo=UTC)}
    lines = [{"display_name": "Seats", "quantity": Decimal("3"), "unit_price": Decimal("4.10"),
              "amount": Decimal("12.30")}]
    message = render(invoice, lines, {"name": "Ann", "email": "ann@example.com"}, "Acme",
                     "billing@acme.test", "<invoice-1@fluxrate>")
    text = message.get_content()
    assert message["To"] == "ann@example.com" and message["Message-ID"] == "<invoice-1@fluxrate>"
    assert "Seats: 3 x 4.10 = 12.30 EUR" in text and "Due date: 2026-03-03" in text
