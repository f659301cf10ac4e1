"""Request and response bodies of the invoicing API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, field_validator

from fluxrate_common.bounds import Moment, Money, Text
from fluxrate_common.http.validation import RequestModel as Strict
from fluxrate_common.http.validation import not_together
from fluxrate_common.pricing.schemas import PackageLineOut


class InvoiceListQuery(Strict):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    customer_id: UUID | None = None
    customer_external_id: Text(255, min_length=1) | None = Field(
        None, description="Your own id for the customer; one you never used lists nothing")
    subscription_id: UUID | None = None
    status: Literal["DRAFT", "OPEN", "PAID", "VOID", "UNCOLLECTIBLE", "FAILED"] | None = None
    period_from: Moment | None = Field(None, description="periods ending after this")
    period_to: Moment | None = Field(None, description="periods starting before this")

    _one_customer = field_validator("customer_external_id")(not_together("customer_id"))


class UpcomingQuery(Strict):
    ending_now: bool = Field(False, description="As if the period ended now (a plan change or a "
                                                "cancellation now): fixed fees prorated")


class PayIn(Strict):
    amount: Money | None = Field(None, description="Defaults to the total; must equal it")
    reference: Text(200, min_length=1) | None = None


class LineOut(BaseModel):
    charge_id: UUID
    meter_id: UUID | None
    type: str
    display_name: str
    quantity: Decimal
    unit_price: Decimal | None
    proration: Decimal
    amount: Decimal
    tiers: list[dict[str, Any]]
    packages: PackageLineOut | None = Field(None, description=(
        "A package-priced charge: the packages its quantity filled (null otherwise)"))


class InvoiceOut(BaseModel):
    id: UUID
    number: str | None
    status: str
    customer_id: UUID
    subscription_id: UUID
    period_start: datetime
    period_end: datetime
    period: dict[str, Any]
    currency: str
    subtotal: Decimal
    total: Decimal
    due_date: datetime | None
    finalize_at: datetime
    finalized_at: datetime | None
    paid_at: datetime | None
    amount_paid: Decimal | None
    payment_reference: str | None
    failure_reason: str | None = Field(None, description="FAILED: why the period could not be priced")
    customer: dict[str, Any] | None = Field(
        description="the customer's billing details as invoiced; null when `redacted`")
    redacted: bool = Field(False, description="true in answers to an API key without the `read`"
                                              " scope: the customer's details are left out")
    lines: list[LineOut]
    created_at: datetime


class UpcomingOut(BaseModel):
    subscription_id: UUID
    customer_id: UUID
    currency: str
    period_start: datetime
    period_end: datetime
    usage_until: datetime
    lines: list[LineOut]
    subtotal: Decimal
    total: Decimal
