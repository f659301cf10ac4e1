"""The invoice as its use cases build and change it: a period end's draft, each lifecycle step
as a new value, what saving writes, and the summary its events carry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from fluxrate_common.errors import Conflict, ValidationFailed
from fluxrate_invoicing.domain.invoice import SUMMARY, Invoice, draft, period_question

NOW = datetime(2026, 3, 1, tzinfo=UTC)
CUSTOMER, SUBSCRIPTION = uuid4(), uuid4()
PERIOD_END = {
    "period": {"start": "2026-02-01T00:00:00+00:00", "end": "2026-03-01T00:00:00+00:00",
               "kind": "regular", "period_days": 28, "covered_days": 28},
    "plan": {"currency": "EUR", "charges": []},
    "subscription": {"id": str(SUBSCRIPTION), "customer_id": str(CUSTOMER)},
    "customer": {"id": str(CUSTOMER), "external_id": "acme", "contact": "sealed-details"},
}


def a_draft(failure: str | None = None) -> Invoice:
    return draft(uuid4(), uuid4(), PERIOD_END, Decimal("12.50"), failure, NOW + timedelta(hours=1))


def test_a_period_end_drafts_an_invoice_for_its_customer_and_period() -> None:
    invoice = a_draft()
    assert (invoice.status, invoice.customer_id, invoice.subscription_id) == ("DRAFT", CUSTOMER,
                                                                              SUBSCRIPTION)
    assert invoice.question == period_question(PERIOD_END) == (
        CUSTOMER, datetime(2026, 2, 1, tzinfo=UTC), NOW)
    assert (invoice.currency, invoice.subtotal, invoice.total) == ("EUR", Decimal("12.50"),
                                                                   Decimal("12.50"))
    assert (invoice.customer, invoice.customer_external_id) == (b"sealed-details", "acme")
    assert a_draft("KeyError('x')").status == "FAILED"


def test_the_summary_carries_every_summary_field_in_order_then_the_rest() -> None:
    summary = a_draft().summary([{"position": 0}], NOW)
    assert list(summary) == [*SUMMARY, "period", "finalize_at", "created_at", "lines", "customer"]
    assert summary["created_at"] == NOW  # not saved yet
    assert summary["customer"] == "sealed-details"


def test_each_step_changes_only_its_own_fields() -> None:
    opened = a_draft().opened(7, Decimal("13.00"), NOW, timedelta(days=30))
    assert (opened.status, opened.number, opened.due_date) == ("OPEN", "INV-000007",
                                                               NOW + timedelta(days=30))
    paid = opened.paid(None, "wire-1", NOW)
    assert set(paid.changes_from(opened)) == {"status", "amount_paid", "payment_reference",
                                              "paid_at", "updated_at"}
    assert paid.amount_paid == Decimal("13.00")
    assert set(opened.voided(NOW).changes_from(opened)) == {"status", "voided_at", "updated_at"}
    failed = a_draft().failed("bad plan", NOW)
    retried = failed.retried(Decimal("1.00"), NOW + timedelta(hours=1), NOW)
    assert (retried.status, retried.failure_reason, retried.total) == ("DRAFT", None, Decimal("1.00"))


def test_a_payment_must_be_the_total_and_only_of_an_open_invoice() -> None:
    opened = a_draft().opened(1, Decimal("13.00"), NOW, timedelta(days=30))
    with pytest.raises(ValidationFailed) as error:
        opened.paid(Decimal("12.99"), None, NOW)
    assert (error.value.code, error.value.field) == ("amount_mismatch", "amount")
    assert error.value.message == "amount: must equal the total (13.00 EUR)"
    with pytest.raises(Conflict):
        a_draft().paid(None, None, NOW)
    with pytest.raises(Conflict):
        a_draft().written_off(NOW)
