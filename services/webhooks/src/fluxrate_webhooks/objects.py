"""The objects webhooks carry in `data`, field for field as the API returns them (a test holds
them to the API's own response documents)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from fluxrate_common.events.entitlements import LimitReached
from fluxrate_common.events.invoices import InvoiceLineData
from fluxrate_common.events.subscriptions import SubscriptionData

# A type's objects may gain fields within its version: receivers must accept what they do not know.
OPEN = ConfigDict(extra="ignore")


class SubscriptionObject(SubscriptionData):
    """A subscription, as `GET /api/v1/subscriptions/{id}` returns it."""

    model_config = OPEN


class CustomerObject(BaseModel):
    """A customer, as `GET /api/v1/customers/{id}` returns it."""

    model_config = OPEN

    id: UUID
    external_id: str
    name: str | None
    email: str | None
    billing_address: dict[str, Any] | None
    tax_id: str | None
    metadata: dict[str, Any] | None
    redacted: bool = False
    created_at: datetime
    updated_at: datetime
    version: int


class InvoiceLineObject(InvoiceLineData):
    """One line of an invoice: a charge, its quantity, price, proration and amount."""

    model_config = OPEN


class InvoiceObject(BaseModel):
    """An invoice with its lines, as `GET /api/v1/invoices/{id}` returns it."""

    model_config = OPEN

    id: UUID
    number: str | None
    status: str
    customer_id: UUID
    subscription_id: UUID
    period_start: datetime
    period_end: datetime
    period: dict[str, Any] | None
    currency: str
    subtotal: Decimal
    total: Decimal
    due_date: datetime | None
    finalize_at: datetime | None
    finalized_at: datetime | None
    paid_at: datetime | None
    amount_paid: Decimal | None
    payment_reference: str | None
    voided_at: datetime | None
    uncollectible_at: datetime | None
    failure_reason: str | None
    customer: dict[str, Any] | None = Field(description="the billing details as invoiced")
    redacted: bool = False
    lines: list[InvoiceLineObject]
    created_at: datetime | None


class EntitlementLimitObject(LimitReached):
    """A metered entitlement as `GET /api/v1/entitlements/check` describes it, with the
    threshold (percent of its limit) that was reached."""

    model_config = OPEN


class WebhookTestObject(BaseModel):
    """What "send test event" sends: nothing happened, the endpoint is only being tried."""

    model_config = OPEN

    endpoint_id: UUID
    message: str
