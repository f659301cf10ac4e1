"""Request and response bodies of the customer portal API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from fluxrate_common.http.validation import RequestModel
from fluxrate_subscriptions.entitlements.schemas import EntitlementOut
from fluxrate_subscriptions.subscriptions.schemas import SubscriptionOut


class PortalSessionIn(RequestModel):
    expires_in: int = Field(3600, ge=60, le=86_400, description="Seconds the link works (1 hour)")


class PortalSessionListQuery(RequestModel):
    limit: int = Field(50, ge=1, le=500)


class PortalSessionOut(BaseModel):
    id: UUID
    customer_id: UUID
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


class PortalSessionCreatedOut(PortalSessionOut):
    url: str = Field(description="Opens the portal for this customer only (embeddable)")
    token: str = Field(description="The same credential for the portal API: Authorization: Bearer")


class PortalOrgOut(BaseModel):
    name: str | None
    logo_url: str | None
    accent_color: str | None


class PortalCustomerOut(BaseModel):
    id: UUID
    external_id: str
    name: str | None
    email: str | None
    billing_address: dict[str, Any] | None


class PortalPlanOut(BaseModel):
    id: UUID
    name: str
    type: str | None
    interval: str
    currency: str
    charges: list[dict[str, Any]]


class PortalPeriodOut(BaseModel):
    start: datetime
    end: datetime
    current: bool


class PortalMeterUsageOut(BaseModel):
    meter_id: UUID
    meter_name: str | None
    values: list[Decimal] = Field(description="One per period, in the order of `periods`")


class PortalUsageOut(BaseModel):
    periods: list[PortalPeriodOut]
    meters: list[PortalMeterUsageOut]


class PortalInvoiceSummaryOut(BaseModel):
    id: UUID
    number: str | None
    status: str
    subscription_id: UUID
    period_start: datetime
    period_end: datetime
    currency: str
    subtotal: Decimal
    total: Decimal
    due_date: datetime | None
    finalized_at: datetime | None
    paid_at: datetime | None


class PortalSessionInfoOut(BaseModel):
    expires_at: datetime


class PortalSummaryOut(BaseModel):
    org: PortalOrgOut
    customer: PortalCustomerOut
    subscription: SubscriptionOut | None
    plan: PortalPlanOut | None
    entitlements: list[EntitlementOut]
    usage: PortalUsageOut
    invoices: list[PortalInvoiceSummaryOut] = Field(description="Newest period first; no drafts")
    session: PortalSessionInfoOut
