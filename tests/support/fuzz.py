"""A seeded world for fuzzing the API: one org with one of everything (an API key with both
scopes, a meter, features, plans with charges, a customer, a subscription and its invoices), so
generated requests can name real objects and reach the answers behind a 404."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.api import Org, signup
from tests.support.processes import eventually

EXTERNAL_ID = "fuzz-customer"


@dataclass
class World:
    url: str
    api_key: str
    session_cookie: str
    values: dict[str, list[str]] = field(default_factory=dict)  # dictionary name -> values

    def add(self, name: str, *values: str) -> None:
        self.values.setdefault(name, []).extend(values)


async def _created(org: Org, path: str, body: dict[str, Any], method: str = "POST") -> dict:
    reply = await org.session.request(method, path, body)
    assert reply.status in (200, 201), (path, reply.body)
    return reply.body


async def _catalog(org: Org, world: World) -> dict[str, Any]:
    meter = await _created(org, "/api/v1/meters", {"name": "fuzz_calls", "aggregation": "SUM"})
    metered = await _created(org, "/api/v1/features", {
        "name": "fuzz_calls", "type": "METER", "meter_id": meter["id"], "limit": 1000})
    switch = await _created(org, "/api/v1/features", {"name": "fuzz_sso", "type": "SWITCH"})
    features = [{"feature_id": metered["id"]}, {"feature_id": switch["id"]}]
    plan = await _created(org, "/api/v1/plans", {
        "name": "Fuzz", "type": "HYBRID", "interval": "day", "currency": "USD",
        "features": features})
    other = await _created(org, "/api/v1/plans", {
        "name": "Fuzz monthly", "type": "HYBRID", "interval": "month", "currency": "EUR"})
    charges = "/api/v1/plans/{}/charges"
    fixed = await _created(org, charges.format(plan["id"]), {"type": "FIXED", "unit_price": "9.00"})
    usage = await _created(org, charges.format(plan["id"]), {
        "type": "USAGE", "meter_id": meter["id"], "tier_mode": "graduated",
        "tiers": [{"up_to": 100, "unit_price": "0"}, {"up_to": None, "unit_price": "0.01"}]})
    world.add("meter_ids", meter["id"])
    world.add("meter_tokens", meter["meter_token"])
    world.add("meter_names", meter["meter_name"])
    world.add("feature_ids", metered["id"], switch["id"])
    world.add("feature_refs", metered["name"], switch["name"], switch["id"])
    world.add("plan_ids", plan["id"], other["id"])
    world.add("charge_ids", fixed["id"], usage["id"])
    return plan


async def _billing(org: Org, world: World, plan: dict[str, Any]) -> None:
    customer = await _created(org, f"/api/v1/customers/external/{EXTERNAL_ID}",
                              {"name": "Fuzz", "email": "fuzz@example.com"}, method="PUT")
    start = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()

    async def subscribed() -> dict | None:  # once the plan has reached subscriptions
        reply = await org.session.post("/api/v1/subscriptions", {
            "customer_external_id": EXTERNAL_ID, "plan_id": plan["id"], "start_date": start})
        assert reply.status in (201, 422), reply.body
        return reply.body if reply.status == 201 else None

    sub = await eventually(subscribed)

    async def invoices() -> list[dict] | None:
        reply = await org.session.get("/api/v1/invoices", params={"subscription_id": sub["id"]})
        return reply.body["data"] if len(reply.body["data"]) >= 2 else None

    world.add("customer_ids", customer["id"])
    world.add("external_ids", EXTERNAL_ID)
    world.add("subscription_ids", sub["id"])
    world.add("invoice_ids", *[invoice["id"] for invoice in await eventually(invoices)])


async def _known_everywhere(org: Org, world: World) -> None:
    """Every service has heard of the API key, and ingest of the meter and the customer, so
    the platform may refuse unknown ids at once (a zero read-model wait) and stay fast."""
    api = org.session.with_key(world.api_key)
    usage = {"meter_name": world.values["meter_names"][0], "customer_external_id": EXTERNAL_ID,
             "quantity": 1, "idempotency_key": "fuzz-seed"}

    async def known() -> bool:
        reads = [await api.get(path) for path in (
            "/api/v1/auth/me", "/api/v1/meters", "/api/v1/customers", "/api/v1/invoices",
            f"/api/v1/usage?customer_external_id={EXTERNAL_ID}")]
        sent = await api.post("/api/v1/usage", usage)
        return all(r.status == 200 for r in reads) and sent.status == 202

    await eventually(known)


async def seed_world(url: str) -> World:
    org = await signup(url, "Fuzz")
    api_key = await org.api_key("read", "write")
    revocable = await _created(org, "/api/v1/api-keys", {"name": "revocable", "scopes": ["read"]})
    world = World(url, api_key, org.session.cookies["access_token"])
    world.add("key_ids", revocable["id"])
    await _billing(org, world, await _catalog(org, world))
    await _known_everywhere(org, world)
    return world
