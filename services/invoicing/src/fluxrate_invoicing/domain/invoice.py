"""An invoice as its use cases build and change it: a DRAFT from a period's end, then each
step of its lifecycle as a new value (the version stays the one loaded until it is saved), and
the summary its events carry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from fluxrate_common.errors import invalid
from fluxrate_invoicing.domain.invoices import Action, Status, invoice_number, next_status

Question = tuple[UUID, datetime, datetime]  # the usage asked for: customer, start, end

# What every invoice event carries of the invoice, in this order.
SUMMARY = ("id", "number", "status", "customer_id", "subscription_id", "period_start",
           "period_end", "currency", "subtotal", "total", "due_date", "finalized_at", "paid_at",
           "amount_paid", "payment_reference", "voided_at", "uncollectible_at", "failure_reason")


@dataclass(frozen=True)
class Invoice:
    id: UUID
    org_id: UUID
    status: str
    customer_id: UUID
    subscription_id: UUID
    period_start: datetime
    period_end: datetime
    period: dict[str, Any]  # kind, reason, covered and period days
    currency: str
    subtotal: Decimal
    total: Decimal
    customer: bytes  # the billing details, sealed as they were
    plan: dict[str, Any]  # the plan and its charges as they stood
    finalize_at: datetime  # the end of the review window
    customer_external_id: str | None = None
    number: str | None = None
    failure_reason: str | None = None
    due_date: datetime | None = None
    finalized_at: datetime | None = None
    paid_at: datetime | None = None
    amount_paid: Decimal | None = None
    payment_reference: str | None = None
    voided_at: datetime | None = None
    uncollectible_at: datetime | None = None
    overdue_reported_at: datetime | None = None
    created_at: datetime | None = None  # set when saved
    updated_at: datetime | None = None
    version: int = 0  # as loaded: saving a change makes it one more

    @classmethod
    def of(cls, stored: Mapping[str, Any]) -> Invoice:
        """The invoice from its stored row (which may hold more columns)."""
        return cls(**{f.name: stored[f.name] for f in fields(cls)})

    @property
    def question(self) -> Question:
        """The usage its period bills: its customer's over [start, end)."""
        return (self.customer_id, self.period_start, self.period_end)

    def summary(self, lines: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
        """The invoice as its events carry it: the summary, and what webhooks show besides (the
        period, the lines, the billing details still sealed)."""
        return {**{name: getattr(self, name) for name in SUMMARY}, "period": self.period,
                "finalize_at": self.finalize_at, "created_at": self.created_at or now,
                "lines": lines, "customer": bytes(self.customer).decode() if self.customer else None}

    def changes_from(self, before: Invoice) -> dict[str, Any]:
        """The fields this invoice has that `before` had otherwise: what saving it writes."""
        return {f.name: getattr(self, f.name) for f in fields(self)
                if getattr(self, f.name) != getattr(before, f.name)}

    # -- the lifecycle ---------------------------------------------------------------------

    def failed(self, reason: str, now: datetime) -> Invoice:
        """A draft that can no longer be priced, saying why."""
        return replace(self, status=Status.FAILED.value, failure_reason=reason, updated_at=now)

    def opened(self, sequence: int, total: Decimal, now: datetime, net: timedelta) -> Invoice:
        """Finalized: numbered, totalled as priced now, dated and due after the net days."""
        return replace(self, status=Status.OPEN.value, number=invoice_number(sequence),
                       subtotal=total, total=total, finalized_at=now, due_date=now + net)

    def retried(self, total: Decimal, finalize_at: datetime, now: datetime) -> Invoice:
        """A FAILED invoice priced again: a DRAFT with a fresh review window."""
        status = next_status(Status(self.status), Action.RETRY)
        return replace(self, status=status.value, failure_reason=None, subtotal=total,
                       total=total, finalize_at=finalize_at, updated_at=now)

    def paid(self, amount: Decimal | None, reference: str | None, now: datetime) -> Invoice:
        status = next_status(Status(self.status), Action.PAY)
        paid = self.total if amount is None else amount
        if paid != self.total:
            raise invalid("amount", f"must equal the total ({self.total} {self.currency})",
                          code="amount_mismatch")
        return replace(self, amount_paid=paid, payment_reference=reference, paid_at=now,
                       status=status.value, updated_at=now)

    def voided(self, now: datetime) -> Invoice:
        status = next_status(Status(self.status), Action.VOID)
        return replace(self, voided_at=now, status=status.value, updated_at=now)

    def written_off(self, now: datetime) -> Invoice:
        status = next_status(Status(self.status), Action.MARK_UNCOLLECTIBLE)
        return replace(self, uncollectible_at=now, status=status.value, updated_at=now)


def draft(invoice_id: UUID, org_id: UUID, period_end: Mapping[str, Any], total: Decimal,
          failure: str | None, finalize_at: datetime) -> Invoice:
    """The invoice of a period-end event's data (its period, plan, subscription and customer):
    a DRAFT under review until `finalize_at`, or FAILED when the period could not be priced."""
    period, plan, customer = period_end["period"], period_end["plan"], period_end["customer"]
    return Invoice(
        id=invoice_id, org_id=org_id,
        status=Status.FAILED.value if failure else Status.DRAFT.value,
        customer_id=UUID(period_end["subscription"]["customer_id"]),
        subscription_id=UUID(period_end["subscription"]["id"]),
        period_start=datetime.fromisoformat(period["start"]),
        period_end=datetime.fromisoformat(period["end"]), period=period,
        currency=plan["currency"], subtotal=total, total=total,
        customer=customer["contact"].encode(), plan=plan,
        customer_external_id=customer.get("external_id"), failure_reason=failure,
        finalize_at=finalize_at)


def period_question(period_end: Mapping[str, Any]) -> Question:
    """The usage question a period-end event's data asks: its customer over [start, end)."""
    period = period_end["period"]
    return (UUID(period_end["subscription"]["customer_id"]), datetime.fromisoformat(period["start"]),
            datetime.fromisoformat(period["end"]))
