"""Events about invoices: one per step of the lifecycle, each carrying the invoice as it is after
the step: its summary, and (for webhooks, which publish it as the API shows it) its period,
lines and the customer's billing details, sealed as stored."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import INVOICES


class InvoiceLineData(Payload):
    position: int
    charge_id: UUID
    meter_id: UUID | None
    type: str
    display_name: str
    quantity: Decimal
    unit_price: Decimal | None
    proration: Decimal
    amount: Decimal
    tiers: list[dict[str, Any]]
    packages: dict[str, Any] | None = None  # a package-priced charge: the packages it filled


class InvoiceSummary(Payload):
    id: UUID
    number: str | None
    status: str
    customer_id: UUID
    subscription_id: UUID
    period_start: datetime
    period_end: datetime
    currency: str
    subtotal: Decimal
    total: Decimal
    due_date: datetime | None
    finalized_at: datetime | None
    paid_at: datetime | None
    amount_paid: Decimal | None
    payment_reference: str | None
    voided_at: datetime | None
    uncollectible_at: datetime | None
    failure_reason: str | None
    # Since webhooks: absent from events recorded before them.
    period: dict[str, Any] | None = None  # kind, reason, covered and period days
    finalize_at: datetime | None = None
    created_at: datetime | None = None
    lines: list[InvoiceLineData] | None = None
    customer: str | None = None  # the billing details as invoiced, sealed (Fernet) as stored


class InvoiceChange(Payload):
    invoice: InvoiceSummary
    version: int  # the invoice's version after this event: read models apply them in order


def _change(verb: str, summary: str) -> EventType[InvoiceChange]:
    return EventType(f"invoice.{verb}", INVOICES, InvoiceChange, summary)


INVOICE_CREATED = _change("created", "A period ended: its invoice was made (DRAFT, or FAILED).")
INVOICE_FINALIZED = _change("finalized", "A draft was finalized: numbered, dated, emailed (OPEN).")
INVOICE_PAID = _change("paid", "An open invoice was paid.")
INVOICE_VOIDED = _change("voided", "An invoice was voided.")
INVOICE_MARKED_UNCOLLECTIBLE = _change("marked_uncollectible", "An open invoice was written off.")
INVOICE_OVERDUE = _change("overdue", "An open invoice passed its due date unpaid.")
INVOICE_FAILED = _change("failed", "A draft could not be priced: FAILED, with the reason.")
INVOICE_RETRIED = _change("retried", "A failed invoice was priced again: a DRAFT.")
