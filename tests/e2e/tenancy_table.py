"""The tenancy table: for every endpoint that names an object, how org B creates one.

A test uses org A's credentials on B's object and expects 404; another checks that A's lists
never show B's rows; a third fails when an endpoint with a path id is missing from the table,
so every new endpoint has to join it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.api import Org
from tests.support.processes import eventually

Maker = Callable[[Org], Awaitable[dict[str, str]]]


@dataclass(frozen=True)
class Probe:
    method: str
    path: str  # the route template exactly as the service declares it
    make: Maker  # creates B's object(s); returns the path parameters naming them
    body: dict[str, Any] | None = None
    params: dict[str, str] | None = None  # query parameters, templated like the path


@dataclass(frozen=True)
class ListProbe:
    path: str
    make: Maker  # creates one of B's rows; returns {"id": ...}
    params: dict[str, str] | None = None


async def b_api_key(org: Org) -> dict[str, str]:
    reply = await org.session.post("/api/v1/api-keys", {"name": "b", "scopes": ["read"]})
    return {"key_id": reply.body["id"], "id": reply.body["id"]}


async def b_meter(org: Org) -> dict[str, str]:
    reply = await org.session.post("/api/v1/meters", {"name": "b_meter", "aggregation": "SUM"})
    return {"meter_id": reply.body["id"], "id": reply.body["id"]}


async def b_feature(org: Org) -> dict[str, str]:
    reply = await org.session.post("/api/v1/features", {"name": "b_switch", "type": "SWITCH"})
    return {"feature_id": reply.body["id"], "id": reply.body["id"]}


async def b_plan(org: Org) -> dict[str, str]:
    meter = await b_meter(org)
    plan = await org.session.post("/api/v1/plans", {"name": "B", "type": "USAGE",
                                                    "interval": "month", "currency": "USD"})
    charge = await org.session.post(f"/api/v1/plans/{plan.body['id']}/charges", {
        "type": "USAGE", "meter_id": meter["meter_id"], "unit_price": 1})
    return {"plan_id": plan.body["id"], "id": plan.body["id"], "charge_id": charge.body["id"],
            "meter_id": meter["meter_id"]}


async def b_customer(org: Org) -> dict[str, str]:
    reply = await org.session.post("/api/v1/customers", {"external_id": "b-customer",
                                                         "email": "b@example.com"})
    return {"customer_id": reply.body["id"], "id": reply.body["id"], "external_id": "b-customer"}


async def b_portal_session(org: Org) -> dict[str, str]:
    customer = await b_customer(org)
    reply = await org.session.post(
        f"/api/v1/customers/{customer['customer_id']}/portal-sessions", {})
    return {**customer, "session_id": reply.body["id"], "id": reply.body["id"]}


async def b_usage(org: Org) -> dict[str, str]:
    customer = await b_customer(org)
    meter = await org.session.post("/api/v1/meters", {"name": "b_usage", "aggregation": "SUM"})
    key = await org.api_key("write")
    reply = await org.session.with_key(key).post("/api/v1/usage", {
        "meter_id": meter.body["id"], "customer_id": customer["customer_id"], "quantity": 1})
    return {**customer, "meter_id": meter.body["id"], "id": reply.body["id"]}


async def b_subscription(org: Org) -> dict[str, str]:
    plan = await b_plan(org)
    customer = await b_customer(org)
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_id": customer["customer_id"], "plan_id": plan["plan_id"]})
    assert sub.status == 201, sub.body
    return {**customer, "subscription_id": sub.body["id"], "id": sub.body["id"],
            "plan_id": plan["plan_id"]}


async def b_invoice(org: Org) -> dict[str, str]:
    plan = (await org.session.post("/api/v1/plans", {"name": "BD", "type": "FIXED", "interval": "day",
                                                    "currency": "USD"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED", "unit_price": 1})
    customer = await b_customer(org)
    start = (datetime.now(UTC) - timedelta(days=1, hours=1)).isoformat()
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_id": customer["customer_id"], "plan_id": plan["id"], "start_date": start})

    async def invoice() -> str | None:
        data = (await org.session.get("/api/v1/invoices")).body["data"]
        return data[0]["id"] if data else None

    invoice_id = await eventually(invoice)
    return {"invoice_id": invoice_id, "id": invoice_id, "subscription_id": sub.body["id"]}


async def b_webhook_endpoint(org: Org) -> dict[str, str]:
    # `.invalid` never resolves: nothing leaves the machine for B's test deliveries.
    reply = await org.session.post("/api/v1/webhook-endpoints", {
        "url": "https://receiver.invalid/hook", "event_types": ["*"]})
    assert reply.status == 201, reply.body
    return {"endpoint_id": reply.body["id"], "id": reply.body["id"]}


async def b_webhook_delivery(org: Org) -> dict[str, str]:
    endpoint = await b_webhook_endpoint(org)
    reply = await org.session.post(f"/api/v1/webhook-endpoints/{endpoint['id']}/test")
    assert reply.status == 202, reply.body
    return {**endpoint, "delivery_id": reply.body["id"], "id": reply.body["id"]}


PROBES: list[Probe] = [
    Probe("DELETE", "/api/v1/api-keys/{key_id}", b_api_key),
    Probe("GET", "/api/v1/meters/{meter_id}", b_meter),
    Probe("PATCH", "/api/v1/meters/{meter_id}", b_meter, {"description": "A was here"}),
    Probe("GET", "/api/v1/features/{feature_id}", b_feature),
    Probe("PATCH", "/api/v1/features/{feature_id}", b_feature, {"name": "taken"}),
    Probe("GET", "/api/v1/plans/{plan_id}", b_plan),
    Probe("PATCH", "/api/v1/plans/{plan_id}", b_plan, {"name": "taken"}),
    Probe("POST", "/api/v1/plans/{plan_id}/charges", b_plan, {"type": "USAGE", "unit_price": 1}),
    Probe("PATCH", "/api/v1/plans/{plan_id}/charges/{charge_id}", b_plan, {"status": "INACTIVE"}),
    Probe("POST", "/api/v1/plans/{plan_id}/charges/preview", b_plan,
          {"type": "USAGE", "unit_price": 1, "quantity": 1}),
    Probe("GET", "/api/v1/customers/{customer_id}", b_customer),
    Probe("PATCH", "/api/v1/customers/{customer_id}", b_customer, {"name": "A was here"}),
    Probe("GET", "/api/v1/usage", b_usage, params={"customer_id": "{customer_id}"}),
    Probe("GET", "/api/v1/usage/events", b_usage, params={"customer_id": "{customer_id}"}),
    Probe("GET", "/api/v1/subscriptions/{subscription_id}", b_subscription),
    Probe("GET", "/api/v1/subscriptions/{subscription_id}/events", b_subscription),
    Probe("POST", "/api/v1/subscriptions/{subscription_id}/pause", b_subscription),
    Probe("POST", "/api/v1/subscriptions/{subscription_id}/resume", b_subscription),
    Probe("POST", "/api/v1/subscriptions/{subscription_id}/cancel", b_subscription, {}),
    Probe("POST", "/api/v1/subscriptions/{subscription_id}/change-plan", b_subscription,
          {"plan_id": "{plan_id}"}),
    Probe("GET", "/api/v1/entitlements", b_subscription, params={"customer_id": "{customer_id}"}),
    Probe("GET", "/api/v1/customers/external/{external_id}", b_customer),
    Probe("GET", "/api/v1/invoices/{invoice_id}", b_invoice),
    Probe("POST", "/api/v1/invoices/{invoice_id}/finalize", b_invoice),
    Probe("POST", "/api/v1/invoices/{invoice_id}/pay", b_invoice, {}),
    Probe("POST", "/api/v1/invoices/{invoice_id}/void", b_invoice),
    Probe("POST", "/api/v1/invoices/{invoice_id}/mark-uncollectible", b_invoice),
    Probe("POST", "/api/v1/invoices/{invoice_id}/retry", b_invoice),
    Probe("GET", "/api/v1/subscriptions/{subscription_id}/upcoming-invoice", b_subscription),
    Probe("GET", "/api/v1/invoices/{invoice_id}/pdf", b_invoice),
    Probe("POST", "/api/v1/customers/{customer_id}/portal-sessions", b_customer, {}),
    Probe("POST", "/api/v1/customers/external/{external_id}/portal-sessions", b_customer, {}),
    Probe("GET", "/api/v1/customers/{customer_id}/portal-sessions", b_customer),
    Probe("DELETE", "/api/v1/customers/{customer_id}/portal-sessions/{session_id}",
          b_portal_session),
    Probe("GET", "/api/v1/entitlements/check", b_subscription,
          params={"customer_id": "{customer_id}", "feature": "anything"}),
    Probe("GET", "/api/v1/webhook-endpoints/{endpoint_id}", b_webhook_endpoint),
    Probe("PATCH", "/api/v1/webhook-endpoints/{endpoint_id}", b_webhook_endpoint,
          {"description": "A was here"}),
    Probe("DELETE", "/api/v1/webhook-endpoints/{endpoint_id}", b_webhook_endpoint),
    Probe("POST", "/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret", b_webhook_endpoint, {}),
    Probe("POST", "/api/v1/webhook-endpoints/{endpoint_id}/test", b_webhook_endpoint),
    Probe("POST", "/api/v1/webhook-endpoints/{endpoint_id}/replay", b_webhook_delivery,
          {"since": "2020-01-01T00:00:00Z", "status": "all"}),
    Probe("GET", "/api/v1/webhook-endpoints/{endpoint_id}/deliveries", b_webhook_delivery),
    Probe("GET", "/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}",
          b_webhook_delivery),
    Probe("POST", "/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/replay",
          b_webhook_delivery),
]

LISTS: list[ListProbe] = [
    ListProbe("/api/v1/api-keys", b_api_key),
    ListProbe("/api/v1/meters", b_meter),
    ListProbe("/api/v1/features", b_feature),
    ListProbe("/api/v1/plans", b_plan),
    ListProbe("/api/v1/customers", b_customer),
    ListProbe("/api/v1/customers", b_customer, {"external_id": "b-customer"}),
    ListProbe("/api/v1/usage/events", b_usage),
    ListProbe("/api/v1/subscriptions", b_subscription),
    ListProbe("/api/v1/invoices", b_invoice),
    ListProbe("/api/v1/webhook-endpoints", b_webhook_endpoint),
]

# Endpoints whose object is named in the query string rather than the path.
QUERY_NAMED = {("GET", "/api/v1/usage"), ("GET", "/api/v1/usage/events"),
               ("GET", "/api/v1/entitlements"), ("GET", "/api/v1/entitlements/check")}

# PUT /customers/external/{external_id} names the caller's own customer: with A's credentials
# it creates or updates A's, never B's (checked in test_tenancy).

# Routes that name no tenant object.
EXEMPT: set[tuple[str, str]] = {
    ("POST", "/api/v1/usage-queries"),  # names customers in its body: see test_tenancy
    ("GET", "/api/v1/auth/me"),  # the caller itself
    ("PUT", "/api/v1/customers/external/{external_id}"),  # upserts in the caller's own org
    ("GET", "/api/v1/branding"),  # the caller's own org
    # Portal routes take a portal token, never an org's credentials: their scoping to one
    # customer of one org is proven in test_portal_sessions.
    ("GET", "/api/v1/portal/summary"),
    ("GET", "/api/v1/portal/invoices"),
    ("GET", "/api/v1/portal/invoices/{invoice_id}"),
    ("GET", "/api/v1/portal/invoices/{invoice_id}/pdf"),
    ("GET", "/api/v1/webhook-event-types"),  # the same public list for every org
}
