# Generated from the API's OpenAPI document by `make sdk-models`; do not edit.
# ruff: noqa

from __future__ import annotations

from typing import Any, Literal, Optional, Union
from pydantic import (
    AnyUrl,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    confloat,
    conint,
    constr,
)
from uuid import UUID


class AcceptedOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    status: Literal["accepted", "duplicate"] = Field(..., title="Status")
    id: Optional[UUID] = Field(None, title="Id")
    idempotency_key: str = Field(..., title="Idempotency Key")


class AddressIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    line1: Optional[constr(min_length=0, max_length=200)] = Field(None, title="Line1")
    line2: Optional[constr(min_length=0, max_length=200)] = Field(None, title="Line2")
    city: Optional[constr(min_length=0, max_length=100)] = Field(None, title="City")
    postal_code: Optional[constr(min_length=0, max_length=20)] = Field(
        None, title="Postal Code"
    )
    state: Optional[constr(min_length=0, max_length=100)] = Field(None, title="State")
    country: Optional[constr(min_length=2, max_length=2)] = Field(None, title="Country")


class ApiKeyCreatedOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    name: str = Field(..., title="Name")
    scopes: list[str] = Field(..., title="Scopes")
    prefix: str = Field(..., title="Prefix")
    status: Literal["active", "revoked"] = Field(..., title="Status")
    created_at: AwareDatetime = Field(..., title="Created At")
    last_used_at: Optional[AwareDatetime] = Field(..., title="Last Used At")
    revoked_at: Optional[AwareDatetime] = Field(..., title="Revoked At")
    key: str = Field(
        ..., description="The full key. It is shown only in this response.", title="Key"
    )


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: constr(min_length=1, max_length=100) = Field(..., title="Name")
    scopes: list[Literal["read", "write"]] = Field(
        ..., max_length=2, min_length=1, title="Scopes"
    )


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    name: str = Field(..., title="Name")
    scopes: list[str] = Field(..., title="Scopes")
    prefix: str = Field(..., title="Prefix")
    status: Literal["active", "revoked"] = Field(..., title="Status")
    created_at: AwareDatetime = Field(..., title="Created At")
    last_used_at: Optional[AwareDatetime] = Field(..., title="Last Used At")
    revoked_at: Optional[AwareDatetime] = Field(..., title="Revoked At")


class AttemptOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    attempted_at: AwareDatetime = Field(..., title="Attempted At")
    status_code: Optional[int] = Field(
        ...,
        description="null when no answer came (refused, timed out)",
        title="Status Code",
    )
    latency_ms: int = Field(..., title="Latency Ms")
    response_excerpt: Optional[str] = Field(
        ..., description="the start of the answer's body", title="Response Excerpt"
    )
    error: Optional[str] = Field(..., title="Error")


class BatchIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    events: list[dict[str, Any]] = Field(..., min_length=1, title="Events")


class BatchResultOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    index: int = Field(..., title="Index")
    status: Literal["accepted", "duplicate", "rejected"] = Field(..., title="Status")
    id: Optional[UUID] = Field(None, title="Id")
    idempotency_key: Optional[str] = Field(None, title="Idempotency Key")
    error: Optional[dict[str, str]] = Field(None, title="Error")


class BrandingIn(BaseModel):
    """
    Only the fields sent change; null clears one.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Optional[constr(min_length=1, max_length=200)] = Field(
        None, description="Shown to customers (default: the org's name)", title="Name"
    )
    logo_url: Optional[constr(min_length=1, max_length=2000)] = Field(
        None, description="https (http only for localhost)", title="Logo Url"
    )
    accent_color: Optional[constr(pattern=r"^#[0-9A-Fa-f]{6}$")] = Field(
        None, title="Accent Color"
    )
    portal_allowed_origins: Optional[list[constr(min_length=1, max_length=300)]] = (
        Field(
            None,
            description="Sites that may frame the portal (https://app.example.com); none by default",
            title="Portal Allowed Origins",
        )
    )
    billing_address: Optional[AddressIn] = Field(
        None, description="Printed on invoice PDFs"
    )
    email: Optional[str] = Field(None, title="Email")
    tax_id: Optional[constr(min_length=0, max_length=50)] = Field(None, title="Tax Id")


class BrandingOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: str = Field(..., title="Name")
    logo_url: Optional[str] = Field(..., title="Logo Url")
    accent_color: Optional[str] = Field(..., title="Accent Color")
    portal_allowed_origins: list[str] = Field(..., title="Portal Allowed Origins")
    billing_address: Optional[dict[str, Optional[str]]] = Field(
        ..., title="Billing Address"
    )
    email: Optional[str] = Field(..., title="Email")
    tax_id: Optional[str] = Field(..., title="Tax Id")
    updated_at: Optional[AwareDatetime] = Field(..., title="Updated At")
    version: int = Field(..., title="Version")


class CancelIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    at_period_end: Optional[bool] = Field(False, title="At Period End")


class ChangePlanIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    plan_id: UUID = Field(..., title="Plan Id")
    at_period_end: Optional[bool] = Field(False, title="At Period End")


class CheckQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Customer External Id"
    )
    customer_id: Optional[UUID] = Field(None, title="Customer Id")
    feature: constr(min_length=1, max_length=200) = Field(
        ..., description="The feature's name or id", title="Feature"
    )


class CustomerFields(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Optional[constr(min_length=0, max_length=200)] = Field(None, title="Name")
    email: Optional[str] = Field(None, title="Email")
    billing_address: Optional[AddressIn] = None
    tax_id: Optional[constr(min_length=0, max_length=50)] = Field(None, title="Tax Id")
    metadata: Optional[dict[str, Any]] = Field(None, title="Metadata")


class CustomerIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Optional[constr(min_length=0, max_length=200)] = Field(None, title="Name")
    email: Optional[str] = Field(None, title="Email")
    billing_address: Optional[AddressIn] = None
    tax_id: Optional[constr(min_length=0, max_length=50)] = Field(None, title="Tax Id")
    metadata: Optional[dict[str, Any]] = Field(None, title="Metadata")
    external_id: constr(min_length=1, max_length=255) = Field(
        ..., description="Your own system's id for this customer", title="External Id"
    )


class CustomerListQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")
    external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="External Id"
    )


class CustomerOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    external_id: str = Field(..., title="External Id")
    name: Optional[str] = Field(
        ..., description="null when not set; null when `redacted`", title="Name"
    )
    email: Optional[str] = Field(
        ..., description="null when not set; null when `redacted`", title="Email"
    )
    billing_address: Optional[dict[str, Any]] = Field(
        ...,
        description="null when not set; null when `redacted`",
        title="Billing Address",
    )
    tax_id: Optional[str] = Field(
        ..., description="null when not set; null when `redacted`", title="Tax Id"
    )
    metadata: Optional[dict[str, Any]] = Field(
        ..., description="your key-value data; null when `redacted`", title="Metadata"
    )
    redacted: Optional[bool] = Field(
        False,
        description="true in answers to an API key without the `read` scope: contact details and metadata are left out",
        title="Redacted",
    )
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")


class DeadLetterOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: int = Field(..., title="Id")
    consumer: str = Field(..., title="Consumer")
    topic: str = Field(..., title="Topic")
    partition: int = Field(..., title="Partition")
    offset: int = Field(..., title="Offset")
    org_id: Optional[UUID] = Field(..., title="Org Id")
    error: str = Field(..., title="Error")
    received_at: AwareDatetime = Field(..., title="Received At")
    resolved_at: Optional[AwareDatetime] = Field(..., title="Resolved At")
    resolution: Optional[str] = Field(..., title="Resolution")
    key: Optional[str] = Field(
        None, description="inspect only: the key as text", title="Key"
    )
    value: Optional[str] = Field(
        None, description="inspect only: the record as text", title="Value"
    )
    value_base64: Optional[str] = Field(
        None, description="inspect only: the record's bytes", title="Value Base64"
    )


class DeadLetterQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    consumer: Optional[constr(max_length=100)] = Field(None, title="Consumer")
    state: Optional[Literal["open", "resolved", "all"]] = Field("open", title="State")
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")


class DeliveryListQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")
    status: Optional[Literal["pending", "succeeded", "failed"]] = Field(
        None, title="Status"
    )
    event_type: Optional[constr(min_length=0, max_length=100)] = Field(
        None, title="Event Type"
    )


class DeliveryOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    endpoint_id: UUID = Field(..., title="Endpoint Id")
    webhook_id: str = Field(
        ...,
        description="the `webhook-id` header: the same on every retry",
        title="Webhook Id",
    )
    event_type: str = Field(..., title="Event Type")
    status: Literal["pending", "succeeded", "failed"] = Field(..., title="Status")
    attempts: list[AttemptOut] = Field(
        ..., description="every attempt, oldest first", title="Attempts"
    )
    next_attempt_at: Optional[AwareDatetime] = Field(
        ..., description="while pending", title="Next Attempt At"
    )
    succeeded_at: Optional[AwareDatetime] = Field(..., title="Succeeded At")
    created_at: AwareDatetime = Field(..., title="Created At")
    payload: Optional[dict[str, Any]] = Field(
        None, description="the body sent (one delivery only)", title="Payload"
    )


class EndpointIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    url: AnyUrl = Field(
        ..., description="Where deliveries are POSTed (http or https)", title="Url"
    )
    description: Optional[constr(min_length=0, max_length=500)] = Field(
        None, title="Description"
    )
    event_types: list[constr(min_length=1, max_length=100)] = Field(
        ...,
        description='Webhook event types to receive, or ["*"] for every type',
        max_length=100,
        min_length=1,
        title="Event Types",
    )
    enabled: Optional[bool] = Field(True, title="Enabled")


class EndpointListQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")


class EndpointOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    url: str = Field(..., title="Url")
    description: Optional[str] = Field(..., title="Description")
    event_types: list[str] = Field(..., title="Event Types")
    enabled: bool = Field(..., title="Enabled")
    disabled_reason: Optional[str] = Field(
        ..., description="why it was disabled, when it was", title="Disabled Reason"
    )
    disabled_at: Optional[AwareDatetime] = Field(..., title="Disabled At")
    failing_since: Optional[AwareDatetime] = Field(
        ..., description="every attempt has failed since then", title="Failing Since"
    )
    previous_secret_expires_at: Optional[AwareDatetime] = Field(
        ...,
        description="until then, deliveries are signed with the previous secret too",
        title="Previous Secret Expires At",
    )
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")


class EndpointPatch(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    url: Optional[AnyUrl] = Field(None, title="Url")
    description: Optional[constr(min_length=0, max_length=500)] = Field(
        None, title="Description"
    )
    event_types: Optional[list[constr(min_length=1, max_length=100)]] = Field(
        None,
        description='Webhook event types to receive, or ["*"] for every type',
        title="Event Types",
    )
    enabled: Optional[bool] = Field(
        None,
        description="true re-enables an endpoint that was disabled",
        title="Enabled",
    )


class EndpointWithSecretOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    url: str = Field(..., title="Url")
    description: Optional[str] = Field(..., title="Description")
    event_types: list[str] = Field(..., title="Event Types")
    enabled: bool = Field(..., title="Enabled")
    disabled_reason: Optional[str] = Field(
        ..., description="why it was disabled, when it was", title="Disabled Reason"
    )
    disabled_at: Optional[AwareDatetime] = Field(..., title="Disabled At")
    failing_since: Optional[AwareDatetime] = Field(
        ..., description="every attempt has failed since then", title="Failing Since"
    )
    previous_secret_expires_at: Optional[AwareDatetime] = Field(
        ...,
        description="until then, deliveries are signed with the previous secret too",
        title="Previous Secret Expires At",
    )
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")
    secret: str = Field(
        ...,
        description="The signing secret (`whsec_...`): shown only now",
        title="Secret",
    )


class EntitlementOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    feature_id: UUID = Field(..., title="Feature Id")
    feature: str = Field(..., title="Feature")
    type: str = Field(..., title="Type")
    allowed: bool = Field(..., title="Allowed")
    value: Optional[Any] = Field(None, title="Value")
    limit: Optional[str] = Field(None, title="Limit")
    usage: Optional[str] = Field(None, title="Usage")
    remaining: Optional[str] = Field(None, title="Remaining")
    reset_period: Optional[str] = Field(None, title="Reset Period")
    window_start: Optional[AwareDatetime] = Field(None, title="Window Start")
    window_end: Optional[AwareDatetime] = Field(None, title="Window End")
    subscription_id: Optional[UUID] = Field(
        ...,
        description="The subscription whose plan grants the feature; null when none does",
        title="Subscription Id",
    )
    reason: Optional[Literal["not_in_plan"]] = Field(
        None,
        description="Why it is not allowed, when no plan of the customer has the feature",
        title="Reason",
    )


class EntitlementQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Customer External Id"
    )
    customer_id: Optional[UUID] = Field(None, title="Customer Id")


class EventTypeOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: str = Field(..., title="Name")
    version: int = Field(..., title="Version")
    summary: str = Field(..., title="Summary")


class FilterIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    property: constr(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", min_length=1, max_length=100
    ) = Field(..., title="Property")
    operator: Literal["eq", "in"] = Field(..., title="Operator")
    value: Union[
        bool,
        conint(ge=-9223372036854775808, le=9223372036854775807),
        confloat(ge=0.0, le=1000000000000000.0),
        str,
        constr(min_length=0, max_length=500),
        list[
            Union[
                bool,
                conint(ge=-9223372036854775808, le=9223372036854775807),
                confloat(ge=0.0, le=1000000000000000.0),
                str,
                constr(min_length=0, max_length=500),
            ]
        ],
    ] = Field(..., title="Value")


class InvoiceListQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")
    customer_id: Optional[UUID] = Field(None, title="Customer Id")
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None,
        description="Your own id for the customer; one you never used lists nothing",
        title="Customer External Id",
    )
    subscription_id: Optional[UUID] = Field(None, title="Subscription Id")
    status: Optional[
        Literal["DRAFT", "OPEN", "PAID", "VOID", "UNCOLLECTIBLE", "FAILED"]
    ] = Field(None, title="Status")
    period_from: Optional[AwareDatetime] = Field(
        None, description="periods ending after this", title="Period From"
    )
    period_to: Optional[AwareDatetime] = Field(
        None, description="periods starting before this", title="Period To"
    )


class LoginIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    email: constr(min_length=1, max_length=320) = Field(..., title="Email")
    password: constr(min_length=1, max_length=1024) = Field(..., title="Password")


class MeterIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: constr(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", min_length=1, max_length=100
    ) = Field(
        ...,
        description="Unique in the organisation; usage events send it as meter_name",
        title="Name",
    )
    aggregation: Literal["SUM", "COUNT", "MAX", "UNIQUE_COUNT", "LAST"] = Field(
        ...,
        description="SUM adds all values in the period; COUNT counts the events in the period; MAX takes the highest value seen; UNIQUE_COUNT counts distinct values of the property; LAST takes the latest value by event time",
        title="Aggregation",
    )
    unit: Optional[constr(min_length=0, max_length=50)] = Field(None, title="Unit")
    description: Optional[constr(min_length=0, max_length=2000)] = Field(
        None, title="Description"
    )
    property: Optional[
        constr(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", min_length=1, max_length=100)
    ] = Field(
        "quantity", description="The event property the meter reads", title="Property"
    )
    filters: Optional[list[FilterIn]] = Field(None, max_length=20, title="Filters")


class OrgOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    name: str = Field(..., title="Name")
    created_at: AwareDatetime = Field(..., title="Created At")


class PackageLineOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    package_size: int = Field(
        ..., description="Units in one package", title="Package Size"
    )
    free_units: str = Field(
        ..., description="Units given before the first package", title="Free Units"
    )
    billable_units: str = Field(
        ..., description="Usage beyond the free units", title="Billable Units"
    )
    packages: str = Field(
        ...,
        description="Packages billed: a package begun is a package billed",
        title="Packages",
    )
    unit_price: str = Field(
        ..., description="The price of one package", title="Unit Price"
    )
    amount: str = Field(
        ..., description="packages x unit_price, before rounding", title="Amount"
    )


class PageQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")


class PayIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    amount: Optional[Union[confloat(ge=0.0, le=1e36), str]] = Field(
        None, description="Defaults to the total; must equal it", title="Amount"
    )
    reference: Optional[constr(min_length=1, max_length=200)] = Field(
        None, title="Reference"
    )


class PlanFeatureIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    feature_id: UUID = Field(..., title="Feature Id")
    limit: Optional[Union[confloat(ge=0.0, le=1e18), str]] = Field(None, title="Limit")
    value: Optional[
        Union[
            bool,
            conint(ge=-9223372036854775808, le=9223372036854775807),
            confloat(ge=0.0, le=1000000000000000.0),
            str,
            constr(min_length=0, max_length=500),
        ]
    ] = Field(None, title="Value")


class PlanQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    include_inactive: Optional[bool] = Field(
        False, description="Include deactivated charges too", title="Include Inactive"
    )


class PortalCustomerOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    external_id: str = Field(..., title="External Id")
    name: Optional[str] = Field(..., title="Name")
    email: Optional[str] = Field(..., title="Email")
    billing_address: Optional[dict[str, Any]] = Field(..., title="Billing Address")


class PortalInvoiceSummaryOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    number: Optional[str] = Field(..., title="Number")
    status: str = Field(..., title="Status")
    subscription_id: UUID = Field(..., title="Subscription Id")
    period_start: AwareDatetime = Field(..., title="Period Start")
    period_end: AwareDatetime = Field(..., title="Period End")
    currency: str = Field(..., title="Currency")
    subtotal: str = Field(..., title="Subtotal")
    total: str = Field(..., title="Total")
    due_date: Optional[AwareDatetime] = Field(..., title="Due Date")
    finalized_at: Optional[AwareDatetime] = Field(..., title="Finalized At")
    paid_at: Optional[AwareDatetime] = Field(..., title="Paid At")


class PortalMeterUsageOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    meter_id: UUID = Field(..., title="Meter Id")
    meter_name: Optional[str] = Field(..., title="Meter Name")
    values: list[str] = Field(
        ..., description="One per period, in the order of `periods`", title="Values"
    )


class PortalOrgOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Optional[str] = Field(..., title="Name")
    logo_url: Optional[str] = Field(..., title="Logo Url")
    accent_color: Optional[str] = Field(..., title="Accent Color")


class PortalPeriodOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    start: AwareDatetime = Field(..., title="Start")
    end: AwareDatetime = Field(..., title="End")
    current: bool = Field(..., title="Current")


class PortalPlanOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    name: str = Field(..., title="Name")
    type: Optional[str] = Field(..., title="Type")
    interval: str = Field(..., title="Interval")
    currency: str = Field(..., title="Currency")
    charges: list[dict[str, Any]] = Field(..., title="Charges")


class PortalSessionCreatedOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    customer_id: UUID = Field(..., title="Customer Id")
    created_at: AwareDatetime = Field(..., title="Created At")
    expires_at: AwareDatetime = Field(..., title="Expires At")
    revoked_at: Optional[AwareDatetime] = Field(..., title="Revoked At")
    url: str = Field(
        ...,
        description="Opens the portal for this customer only (embeddable)",
        title="Url",
    )
    token: str = Field(
        ...,
        description="The same credential for the portal API: Authorization: Bearer",
        title="Token",
    )


class PortalSessionIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    expires_in: Optional[conint(ge=60, le=86400)] = Field(
        3600, description="Seconds the link works (1 hour)", title="Expires In"
    )


class PortalSessionInfoOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    expires_at: AwareDatetime = Field(..., title="Expires At")


class PortalSessionListQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")


class PortalSessionOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    customer_id: UUID = Field(..., title="Customer Id")
    created_at: AwareDatetime = Field(..., title="Created At")
    expires_at: AwareDatetime = Field(..., title="Expires At")
    revoked_at: Optional[AwareDatetime] = Field(..., title="Revoked At")


class PortalUsageOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    periods: list[PortalPeriodOut] = Field(..., title="Periods")
    meters: list[PortalMeterUsageOut] = Field(..., title="Meters")


class QuarantinedOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    org_id: UUID = Field(..., title="Org Id")
    customer_id: UUID = Field(..., title="Customer Id")
    status: str = Field(..., title="Status")
    next_boundary_at: Optional[AwareDatetime] = Field(..., title="Next Boundary At")
    quarantined_at: AwareDatetime = Field(..., title="Quarantined At")
    quarantine_reason: str = Field(..., title="Quarantine Reason")


class ReplayRangeIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    since: AwareDatetime = Field(
        ..., description="deliveries created at or after this", title="Since"
    )
    until: Optional[AwareDatetime] = Field(
        None, description="... and before this (default: now)", title="Until"
    )
    status: Optional[Literal["failed", "all"]] = Field(
        "failed",
        description="failed: only those that gave up; all: every delivery in the range",
        title="Status",
    )


class ReplayedOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    replayed: int = Field(..., title="Replayed")


class RotateIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    overlap_seconds: Optional[conint(ge=0, le=604800)] = Field(
        None,
        description="How long the old secret still signs too (default a day; 0: stop at once)",
        title="Overlap Seconds",
    )


class SignupIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    email: str = Field(..., title="Email")
    password: constr(min_length=1, max_length=1024) = Field(..., title="Password")
    org_name: constr(min_length=1, max_length=200) = Field(..., title="Org Name")


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    customer_id: Optional[UUID] = Field(None, title="Customer Id")
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Customer External Id"
    )
    plan_id: UUID = Field(..., title="Plan Id")
    start_date: Optional[AwareDatetime] = Field(
        None,
        description="Today if omitted; in the past to backdate, in the future to schedule",
        title="Start Date",
    )
    trial_days: Optional[conint(ge=0, le=730)] = Field(None, title="Trial Days")
    trial_end: Optional[AwareDatetime] = Field(None, title="Trial End")
    end_date: Optional[AwareDatetime] = Field(None, title="End Date")


class SubscriptionListQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")
    customer_id: Optional[UUID] = Field(None, title="Customer Id")
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None,
        description="Your own id for the customer; one you never used lists nothing",
        title="Customer External Id",
    )
    status: Optional[Literal["TRIAL", "ACTIVE", "PAST_DUE", "PAUSED", "CANCELED"]] = (
        Field(None, title="Status")
    )


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    customer_id: UUID = Field(..., title="Customer Id")
    plan_id: UUID = Field(..., title="Plan Id")
    interval: str = Field(..., title="Interval")
    status: str = Field(..., title="Status")
    start_date: AwareDatetime = Field(..., title="Start Date")
    trial_end: Optional[AwareDatetime] = Field(..., title="Trial End")
    end_date: Optional[AwareDatetime] = Field(..., title="End Date")
    current_period_start: AwareDatetime = Field(..., title="Current Period Start")
    current_period_end: AwareDatetime = Field(..., title="Current Period End")
    cancel_at_period_end: bool = Field(..., title="Cancel At Period End")
    pending_plan_id: Optional[UUID] = Field(..., title="Pending Plan Id")
    paused_at: Optional[AwareDatetime] = Field(..., title="Paused At")
    canceled_at: Optional[AwareDatetime] = Field(..., title="Canceled At")
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")


class TierIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    up_to: Optional[Union[confloat(le=1e18, gt=0.0), str]] = Field(..., title="Up To")
    unit_price: Union[confloat(ge=0.0, le=1000000000.0), str] = Field(
        ..., title="Unit Price"
    )
    flat_fee: Optional[Union[confloat(ge=0.0, le=1000000000.0), str]] = Field(
        "0", title="Flat Fee"
    )


class TierLineOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    tier: int = Field(..., title="Tier")
    from_: str = Field(..., alias="from", title="From")
    up_to: Optional[str] = Field(..., title="Up To")
    quantity: str = Field(..., title="Quantity")
    unit_price: str = Field(..., title="Unit Price")
    flat_fee: str = Field(..., title="Flat Fee")
    amount: str = Field(..., title="Amount")


class TierOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    up_to: Optional[str] = Field(..., title="Up To")
    unit_price: str = Field(..., title="Unit Price")
    flat_fee: str = Field(..., title="Flat Fee")


class TrackIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    meter_token: UUID = Field(..., title="Meter Token")
    customer_external_id: constr(min_length=1, max_length=255) = Field(
        ..., title="Customer External Id"
    )
    quantity: Union[confloat(le=1000000000000000.0, gt=0.0), str] = Field(
        ..., title="Quantity"
    )
    timestamp: Optional[AwareDatetime] = Field(None, title="Timestamp")
    idempotency_key: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Idempotency Key"
    )
    metadata: Optional[dict[str, Any]] = Field(None, title="Metadata")


class UpcomingQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    ending_now: Optional[bool] = Field(
        False,
        description="As if the period ended now (a plan change or a cancellation now): fixed fees prorated",
        title="Ending Now",
    )


class UsageEventOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    meter_id: UUID = Field(..., title="Meter Id")
    customer_id: UUID = Field(..., title="Customer Id")
    customer_external_id: Optional[str] = Field(..., title="Customer External Id")
    idempotency_key: str = Field(..., title="Idempotency Key")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    value: Optional[str] = Field(..., title="Value")
    unique_value: Optional[str] = Field(..., title="Unique Value")
    properties: dict[str, Any] = Field(..., title="Properties")
    counted: bool = Field(..., title="Counted")
    received_at: AwareDatetime = Field(..., title="Received At")


class UsageIn(BaseModel):
    """
    Any form: name the meter by exactly one of meter_name, meter_id or meter_token, and the
    customer by exactly one of customer_external_id or customer_id (checked by the service).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    meter_name: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Meter Name"
    )
    meter_id: Optional[UUID] = Field(None, title="Meter Id")
    meter_token: Optional[UUID] = Field(None, title="Meter Token")
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Customer External Id"
    )
    customer_id: Optional[UUID] = Field(None, title="Customer Id")
    quantity: Optional[Union[confloat(le=1000000000000000.0, gt=0.0), str]] = Field(
        None, title="Quantity"
    )
    timestamp: Optional[AwareDatetime] = Field(None, title="Timestamp")
    idempotency_key: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Idempotency Key"
    )
    properties: Optional[dict[str, Any]] = Field(None, title="Properties")
    metadata: Optional[dict[str, Any]] = Field(None, title="Metadata")


class UsageQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    customer_id: Optional[UUID] = Field(None, title="Customer Id")
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Customer External Id"
    )
    subscription_id: Optional[UUID] = Field(None, title="Subscription Id")
    meter_id: Optional[UUID] = Field(None, title="Meter Id")
    from_: Optional[AwareDatetime] = Field(None, alias="from", title="From")
    to: Optional[AwareDatetime] = Field(None, title="To")
    window: Optional[Literal["hour", "day", "month"]] = Field(None, title="Window")


class UsageQuestion(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    customer_id: UUID = Field(..., title="Customer Id")
    from_: AwareDatetime = Field(..., alias="from", title="From")
    to: AwareDatetime = Field(..., title="To")


class UsageQuestionsIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    queries: list[UsageQuestion] = Field(
        ..., max_length=2000, min_length=1, title="Queries"
    )


class UserOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    email: str = Field(..., title="Email")
    created_at: AwareDatetime = Field(..., title="Created At")
    last_login_at: Optional[AwareDatetime] = Field(None, title="Last Login At")


class WindowOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    start: AwareDatetime = Field(..., title="Start")
    end: AwareDatetime = Field(..., title="End")
    value: str = Field(..., title="Value")
    events: int = Field(..., title="Events")


class FluxrateAggregatorSchemasEventsQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    customer_id: Optional[UUID] = Field(None, title="Customer Id")
    customer_external_id: Optional[constr(min_length=1, max_length=255)] = Field(
        None, title="Customer External Id"
    )
    meter_id: Optional[UUID] = Field(None, title="Meter Id")
    from_: Optional[AwareDatetime] = Field(
        None, alias="from", description="event timestamp >= this", title="From"
    )
    to: Optional[AwareDatetime] = Field(
        None, description="event timestamp < this", title="To"
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")


class FluxrateSubscriptionsSubscriptionsSchemasEventsQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=1000)] = Field(100, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")


class Error1(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: str
    code: str
    message: str
    field: Optional[str] = None
    details: Optional[Any] = None


class Error(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    error: Optional[Error1] = None


class CustomerObject(BaseModel):
    """
    A customer, as `GET /api/v1/customers/{id}` returns it.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    external_id: str = Field(..., title="External Id")
    name: Optional[str] = Field(..., title="Name")
    email: Optional[str] = Field(..., title="Email")
    billing_address: Optional[dict[str, Any]] = Field(..., title="Billing Address")
    tax_id: Optional[str] = Field(..., title="Tax Id")
    metadata: Optional[dict[str, Any]] = Field(..., title="Metadata")
    redacted: Optional[bool] = Field(False, title="Redacted")
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")
    version: int = Field(..., title="Version")


class CustomerUpdatedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["customer.updated"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: CustomerObject


class EntitlementLimitObject(BaseModel):
    """
    A metered entitlement as `GET /api/v1/entitlements/check` describes it, with the
    threshold (percent of its limit) that was reached.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    customer_id: UUID = Field(..., title="Customer Id")
    customer_external_id: str = Field(..., title="Customer External Id")
    subscription_id: UUID = Field(..., title="Subscription Id")
    feature_id: UUID = Field(..., title="Feature Id")
    feature: str = Field(..., title="Feature")
    threshold: Literal[80, 100] = Field(..., title="Threshold")
    limit: str = Field(..., title="Limit")
    usage: str = Field(..., title="Usage")
    remaining: str = Field(..., title="Remaining")
    allowed: bool = Field(..., title="Allowed")
    reset_period: str = Field(..., title="Reset Period")
    window_start: AwareDatetime = Field(..., title="Window Start")
    window_end: Optional[AwareDatetime] = Field(..., title="Window End")


class EntitlementLimitReachedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["entitlement.limit_reached"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: EntitlementLimitObject


class InvoiceLineObject(BaseModel):
    """
    One line of an invoice: a charge, its quantity, price, proration and amount.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    position: int = Field(..., title="Position")
    charge_id: UUID = Field(..., title="Charge Id")
    meter_id: Optional[UUID] = Field(..., title="Meter Id")
    type: str = Field(..., title="Type")
    display_name: str = Field(..., title="Display Name")
    quantity: str = Field(..., title="Quantity")
    unit_price: Optional[str] = Field(..., title="Unit Price")
    proration: str = Field(..., title="Proration")
    amount: str = Field(..., title="Amount")
    tiers: list[dict[str, Any]] = Field(..., title="Tiers")
    packages: Optional[dict[str, Any]] = Field(None, title="Packages")


class InvoiceObject(BaseModel):
    """
    An invoice with its lines, as `GET /api/v1/invoices/{id}` returns it.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    number: Optional[str] = Field(..., title="Number")
    status: str = Field(..., title="Status")
    customer_id: UUID = Field(..., title="Customer Id")
    subscription_id: UUID = Field(..., title="Subscription Id")
    period_start: AwareDatetime = Field(..., title="Period Start")
    period_end: AwareDatetime = Field(..., title="Period End")
    period: Optional[dict[str, Any]] = Field(..., title="Period")
    currency: str = Field(..., title="Currency")
    subtotal: str = Field(..., title="Subtotal")
    total: str = Field(..., title="Total")
    due_date: Optional[AwareDatetime] = Field(..., title="Due Date")
    finalize_at: Optional[AwareDatetime] = Field(..., title="Finalize At")
    finalized_at: Optional[AwareDatetime] = Field(..., title="Finalized At")
    paid_at: Optional[AwareDatetime] = Field(..., title="Paid At")
    amount_paid: Optional[str] = Field(..., title="Amount Paid")
    payment_reference: Optional[str] = Field(..., title="Payment Reference")
    voided_at: Optional[AwareDatetime] = Field(..., title="Voided At")
    uncollectible_at: Optional[AwareDatetime] = Field(..., title="Uncollectible At")
    failure_reason: Optional[str] = Field(..., title="Failure Reason")
    customer: Optional[dict[str, Any]] = Field(
        ..., description="the billing details as invoiced", title="Customer"
    )
    redacted: Optional[bool] = Field(False, title="Redacted")
    lines: list[InvoiceLineObject] = Field(..., title="Lines")
    created_at: Optional[AwareDatetime] = Field(..., title="Created At")


class InvoiceOverdueWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["invoice.overdue"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: InvoiceObject


class InvoicePaidWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["invoice.paid"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: InvoiceObject


class InvoiceVoidedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["invoice.voided"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: InvoiceObject


class SubscriptionObject(BaseModel):
    """
    A subscription, as `GET /api/v1/subscriptions/{id}` returns it.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    customer_id: UUID = Field(..., title="Customer Id")
    plan_id: UUID = Field(..., title="Plan Id")
    interval: str = Field(..., title="Interval")
    status: str = Field(..., title="Status")
    start_date: AwareDatetime = Field(..., title="Start Date")
    trial_end: Optional[AwareDatetime] = Field(..., title="Trial End")
    end_date: Optional[AwareDatetime] = Field(..., title="End Date")
    current_period_start: AwareDatetime = Field(..., title="Current Period Start")
    current_period_end: AwareDatetime = Field(..., title="Current Period End")
    cancel_at_period_end: bool = Field(..., title="Cancel At Period End")
    pending_plan_id: Optional[UUID] = Field(..., title="Pending Plan Id")
    paused_at: Optional[AwareDatetime] = Field(..., title="Paused At")
    canceled_at: Optional[AwareDatetime] = Field(..., title="Canceled At")
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")
    version: int = Field(..., title="Version")


class SubscriptionPastDueWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.past_due"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class SubscriptionPausedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.paused"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class SubscriptionPlanChangedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.plan_changed"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class SubscriptionResumedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.resumed"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class SubscriptionTrialEndingWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.trial_ending"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class WebhookTestObject(BaseModel):
    """
    What "send test event" sends: nothing happened, the endpoint is only being tried.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    endpoint_id: UUID = Field(..., title="Endpoint Id")
    message: str = Field(..., title="Message")


class WebhookTestWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["webhook.test"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: WebhookTestObject


class BatchOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    accepted: int = Field(..., title="Accepted")
    duplicates: int = Field(..., title="Duplicates")
    rejected: int = Field(..., title="Rejected")
    results: list[BatchResultOut] = Field(..., title="Results")


class ChargeIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["FIXED", "USAGE"] = Field(..., title="Type")
    unit_price: Optional[Union[confloat(ge=0.0, le=1000000000.0), str]] = Field(
        None,
        description="FIXED: the amount per period; USAGE: the price of one unit, or of one package",
        title="Unit Price",
    )
    tier_mode: Optional[Literal["graduated", "volume"]] = Field(None, title="Tier Mode")
    tiers: Optional[list[TierIn]] = Field(None, max_length=50, title="Tiers")
    package_size: Optional[int] = Field(
        None,
        description="Package pricing: units in one package; usage is billed in whole packages, rounded up",
        title="Package Size",
    )
    free_units: Optional[Union[confloat(ge=0.0, le=1e18), str]] = Field(
        None,
        description="Package pricing: units free of charge before the first package counts",
        title="Free Units",
    )
    meter_id: Optional[UUID] = Field(None, title="Meter Id")
    display_name: Optional[constr(min_length=1, max_length=200)] = Field(
        None, title="Display Name"
    )


class ChargeOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    type: str = Field(..., title="Type")
    unit_price: Optional[str] = Field(..., title="Unit Price")
    meter_id: Optional[UUID] = Field(..., title="Meter Id")
    display_name: str = Field(..., title="Display Name")
    tier_mode: Optional[str] = Field(..., title="Tier Mode")
    tiers: list[TierOut] = Field(..., title="Tiers")
    package_size: Optional[int] = Field(..., title="Package Size")
    free_units: Optional[str] = Field(..., title="Free Units")
    status: Literal["ACTIVE", "INACTIVE"] = Field(..., title="Status")
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")


class ChargePatch(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    status: Optional[Literal["ACTIVE", "INACTIVE"]] = None
    display_name: Optional[constr(min_length=1, max_length=200)] = Field(
        None, title="Display Name"
    )


class ChargePreviewIn(BaseModel):
    """
    A charge as drafted in an editor, and the quantity to price with it.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["FIXED", "USAGE"] = Field(..., title="Type")
    unit_price: Optional[Union[confloat(ge=0.0, le=1000000000.0), str]] = Field(
        None,
        description="FIXED: the amount per period; USAGE: the price of one unit, or of one package",
        title="Unit Price",
    )
    tier_mode: Optional[Literal["graduated", "volume"]] = Field(None, title="Tier Mode")
    tiers: Optional[list[TierIn]] = Field(None, max_length=50, title="Tiers")
    package_size: Optional[int] = Field(
        None,
        description="Package pricing: units in one package; usage is billed in whole packages, rounded up",
        title="Package Size",
    )
    free_units: Optional[Union[confloat(ge=0.0, le=1e18), str]] = Field(
        None,
        description="Package pricing: units free of charge before the first package counts",
        title="Free Units",
    )
    quantity: Union[confloat(ge=0.0, le=1000000000000000.0), str] = Field(
        ..., title="Quantity"
    )


class ChargePreviewOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    currency: str = Field(..., title="Currency")
    quantity: str = Field(..., title="Quantity")
    unit_price: Optional[str] = Field(..., title="Unit Price")
    amount: str = Field(..., title="Amount")
    tiers: list[TierLineOut] = Field(..., title="Tiers")
    packages: Optional[PackageLineOut] = Field(
        None,
        description="Package pricing: how the quantity fills packages (absent for other pricing models)",
    )


class FeatureIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: constr(min_length=1, max_length=200) = Field(..., title="Name")
    description: Optional[constr(min_length=0, max_length=2000)] = Field(
        None, title="Description"
    )
    type: Literal["METER", "SWITCH", "CUSTOM"] = Field(..., title="FeatureType")
    meter_id: Optional[UUID] = Field(None, title="Meter Id")
    meter: Optional[MeterIn] = Field(
        None,
        description="A new meter, created with the feature in one step (instead of meter_id)",
    )
    limit: Optional[Union[confloat(ge=0.0, le=1e18), str]] = Field(None, title="Limit")
    reset_period: Optional[Literal["day", "week", "month", "year", "never"]] = None
    value: Optional[
        Union[
            bool,
            conint(ge=-9223372036854775808, le=9223372036854775807),
            confloat(ge=0.0, le=1000000000000000.0),
            str,
            constr(min_length=0, max_length=500),
        ]
    ] = Field(None, title="Value")


class FeaturePatch(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Optional[constr(min_length=1, max_length=200)] = Field(None, title="Name")
    description: Optional[constr(min_length=0, max_length=2000)] = Field(
        None, title="Description"
    )
    type: Optional[Literal["METER", "SWITCH", "CUSTOM"]] = None
    meter_id: Optional[UUID] = Field(None, title="Meter Id")
    limit: Optional[Union[confloat(ge=0.0, le=1e18), str]] = Field(None, title="Limit")
    reset_period: Optional[Literal["day", "week", "month", "year", "never"]] = None
    value: Optional[
        Union[
            bool,
            conint(ge=-9223372036854775808, le=9223372036854775807),
            confloat(ge=0.0, le=1000000000000000.0),
            str,
            constr(min_length=0, max_length=500),
        ]
    ] = Field(None, title="Value")
    status: Optional[Literal["ACTIVE", "INACTIVE"]] = None


class LineOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    charge_id: UUID = Field(..., title="Charge Id")
    meter_id: Optional[UUID] = Field(..., title="Meter Id")
    type: str = Field(..., title="Type")
    display_name: str = Field(..., title="Display Name")
    quantity: str = Field(..., title="Quantity")
    unit_price: Optional[str] = Field(..., title="Unit Price")
    proration: str = Field(..., title="Proration")
    amount: str = Field(..., title="Amount")
    tiers: list[dict[str, Any]] = Field(..., title="Tiers")
    packages: Optional[PackageLineOut] = Field(
        None,
        description="A package-priced charge: the packages its quantity filled (null otherwise)",
    )


class ListQuery(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    limit: Optional[conint(ge=1, le=500)] = Field(50, title="Limit")
    cursor: Optional[str] = Field(None, title="Cursor")
    status: Optional[Literal["ACTIVE", "INACTIVE"]] = None


class MeOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    org: OrgOut
    user: Optional[UserOut]
    auth: Literal["session", "api_key"] = Field(..., title="Auth")
    scopes: list[str] = Field(..., title="Scopes")
    api_key_id: Optional[UUID] = Field(None, title="Api Key Id")


class MeterOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    name: str = Field(..., title="Name")
    meter_name: str = Field(..., title="Meter Name")
    meter_token: UUID = Field(..., title="Meter Token")
    aggregation: Literal["SUM", "COUNT", "MAX", "UNIQUE_COUNT", "LAST"] = Field(
        ..., title="Aggregation"
    )
    property: str = Field(..., title="Property")
    filters: list[dict[str, Any]] = Field(..., title="Filters")
    unit: Optional[str] = Field(..., title="Unit")
    description: Optional[str] = Field(..., title="Description")
    status: Literal["ACTIVE", "INACTIVE"] = Field(..., title="Status")
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")


class MeterPatch(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Optional[
        constr(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", min_length=1, max_length=100)
    ] = Field(None, title="Name")
    unit: Optional[constr(min_length=0, max_length=50)] = Field(None, title="Unit")
    description: Optional[constr(min_length=0, max_length=2000)] = Field(
        None, title="Description"
    )
    status: Optional[Literal["ACTIVE", "INACTIVE"]] = None
    aggregation: Optional[Literal["SUM", "COUNT", "MAX", "UNIQUE_COUNT", "LAST"]] = None
    property: Optional[
        constr(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$", min_length=1, max_length=100)
    ] = Field(None, title="Property")
    filters: Optional[list[FilterIn]] = Field(None, title="Filters")


class MeterUsageOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    meter_id: UUID = Field(..., title="Meter Id")
    meter_name: Optional[str] = Field(..., title="Meter Name")
    aggregation: str = Field(..., title="Aggregation")
    value: str = Field(..., title="Value")
    events: int = Field(..., title="Events")
    windows: Optional[list[WindowOut]] = Field(None, title="Windows")


class PlanIn(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: constr(min_length=1, max_length=200) = Field(..., title="Name")
    description: Optional[constr(min_length=0, max_length=2000)] = Field(
        None, title="Description"
    )
    type: Literal["FIXED", "USAGE", "HYBRID"] = Field(..., title="PlanType")
    interval: Literal["day", "week", "month", "year"] = Field(..., title="Interval")
    currency: constr(pattern=r"^[A-Z]{3}$") = Field(
        ..., description="ISO 4217, in circulation", title="Currency"
    )
    features: Optional[list[PlanFeatureIn]] = Field(
        None, max_length=100, title="Features"
    )


class PlanOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    name: str = Field(..., title="Name")
    description: Optional[str] = Field(..., title="Description")
    type: Literal["FIXED", "USAGE", "HYBRID"] = Field(..., title="PlanType")
    interval: Literal["day", "week", "month", "year"] = Field(..., title="Interval")
    currency: str = Field(..., title="Currency")
    features: list[dict[str, Any]] = Field(..., title="Features")
    charges: list[ChargeOut] = Field(..., title="Charges")
    status: Literal["ACTIVE", "INACTIVE"] = Field(..., title="Status")
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")


class PlanPatch(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    name: Optional[constr(min_length=1, max_length=200)] = Field(None, title="Name")
    description: Optional[constr(min_length=0, max_length=2000)] = Field(
        None, title="Description"
    )
    type: Optional[Literal["FIXED", "USAGE", "HYBRID"]] = None
    interval: Optional[Literal["day", "week", "month", "year"]] = None
    currency: Optional[constr(pattern=r"^[A-Z]{3}$")] = Field(None, title="Currency")
    features: Optional[list[PlanFeatureIn]] = Field(None, title="Features")
    status: Optional[Literal["ACTIVE", "INACTIVE"]] = None


class PortalSummaryOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    org: PortalOrgOut
    customer: PortalCustomerOut
    subscription: Optional[SubscriptionOut]
    plan: Optional[PortalPlanOut]
    entitlements: list[EntitlementOut] = Field(..., title="Entitlements")
    usage: PortalUsageOut
    invoices: list[PortalInvoiceSummaryOut] = Field(
        ..., description="Newest period first; no drafts", title="Invoices"
    )
    session: PortalSessionInfoOut


class SessionOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    user: UserOut
    org: OrgOut
    access_token: str = Field(..., title="Access Token")
    token_type: Literal["bearer"] = Field("bearer", title="Token Type")
    expires_in: int = Field(..., title="Expires In")


class UpcomingOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    subscription_id: UUID = Field(..., title="Subscription Id")
    customer_id: UUID = Field(..., title="Customer Id")
    currency: str = Field(..., title="Currency")
    period_start: AwareDatetime = Field(..., title="Period Start")
    period_end: AwareDatetime = Field(..., title="Period End")
    usage_until: AwareDatetime = Field(..., title="Usage Until")
    lines: list[LineOut] = Field(..., title="Lines")
    subtotal: str = Field(..., title="Subtotal")
    total: str = Field(..., title="Total")


class UsageOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    customer_id: Optional[UUID] = Field(..., title="Customer Id")
    subscription_id: Optional[UUID] = Field(None, title="Subscription Id")
    from_: AwareDatetime = Field(..., alias="from", title="From")
    to: AwareDatetime = Field(..., title="To")
    data: list[MeterUsageOut] = Field(..., title="Data")


class CustomerCreatedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["customer.created"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: CustomerObject


class InvoiceCreatedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["invoice.created"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: InvoiceObject


class InvoiceFinalizedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["invoice.finalized"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: InvoiceObject


class InvoiceMarkedUncollectibleWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["invoice.marked_uncollectible"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: InvoiceObject


class SubscriptionActivatedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.activated"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class SubscriptionCanceledWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.canceled"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class SubscriptionCreatedWebhook(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["subscription.created"] = Field(..., title="Type")
    timestamp: AwareDatetime = Field(..., title="Timestamp")
    data: SubscriptionObject


class FeatureOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    name: str = Field(..., title="Name")
    description: Optional[str] = Field(..., title="Description")
    type: Literal["METER", "SWITCH", "CUSTOM"] = Field(..., title="FeatureType")
    meter_id: Optional[UUID] = Field(..., title="Meter Id")
    limit: Optional[str] = Field(..., title="Limit")
    reset_period: Optional[Literal["day", "week", "month", "year", "never"]]
    value: Any = Field(..., title="Value")
    status: Literal["ACTIVE", "INACTIVE"] = Field(..., title="Status")
    created_at: AwareDatetime = Field(..., title="Created At")
    updated_at: AwareDatetime = Field(..., title="Updated At")
    meter: Optional[MeterOut] = Field(
        ...,
        description="The meter of a METER feature, with its meter_name and meter_token (what usage events send)",
    )


class InvoiceOut(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    id: UUID = Field(..., title="Id")
    number: Optional[str] = Field(..., title="Number")
    status: str = Field(..., title="Status")
    customer_id: UUID = Field(..., title="Customer Id")
    subscription_id: UUID = Field(..., title="Subscription Id")
    period_start: AwareDatetime = Field(..., title="Period Start")
    period_end: AwareDatetime = Field(..., title="Period End")
    period: dict[str, Any] = Field(..., title="Period")
    currency: str = Field(..., title="Currency")
    subtotal: str = Field(..., title="Subtotal")
    total: str = Field(..., title="Total")
    due_date: Optional[AwareDatetime] = Field(..., title="Due Date")
    finalize_at: AwareDatetime = Field(..., title="Finalize At")
    finalized_at: Optional[AwareDatetime] = Field(..., title="Finalized At")
    paid_at: Optional[AwareDatetime] = Field(..., title="Paid At")
    amount_paid: Optional[str] = Field(..., title="Amount Paid")
    payment_reference: Optional[str] = Field(..., title="Payment Reference")
    failure_reason: Optional[str] = Field(
        None,
        description="FAILED: why the period could not be priced",
        title="Failure Reason",
    )
    customer: Optional[dict[str, Any]] = Field(
        ...,
        description="the customer's billing details as invoiced; null when `redacted`",
        title="Customer",
    )
    redacted: Optional[bool] = Field(
        False,
        description="true in answers to an API key without the `read` scope: the customer's details are left out",
        title="Redacted",
    )
    lines: list[LineOut] = Field(..., title="Lines")
    created_at: AwareDatetime = Field(..., title="Created At")
