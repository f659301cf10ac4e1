"""Proof: one tenant's bad input never stops billing for another. Org X sends every bad input
found so far and a generated mix (hypothesis) while org Y runs a normal month in miniature:
usage, subscriptions, period ends, invoices. Afterwards every one of Y's totals, period ends
and invoices is exact and on time, and no response to anyone was a 5xx."""

from __future__ import annotations

import asyncio
import gzip
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.usage import customer, meter, usage_of

DAYS, CUSTOMERS, FIXED, PRICE = 3, 4, Decimal("1.00"), Decimal("0.01")
NUL, HUGE = "a\u0000b", 2**64


def _quantity(c: int, day: int) -> int:
    return (c + 1) * 10 + day


async def _normal_month(org: Org, first_day: date) -> dict:
    """Y: a daily HYBRID plan, customers backdated DAYS days, a day's usage for each."""
    calls = await meter(org, "calls")
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Daily", "type": "HYBRID", "interval": "day", "currency": "USD"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED", "unit_price": str(FIXED)})
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {
        "type": "USAGE", "meter_id": calls["id"], "unit_price": str(PRICE)})
    api = org.session.with_key(await org.api_key("write", "read"))
    for c in range(CUSTOMERS):
        await customer(org, f"y{c}")
        events = [{"meter_name": "calls", "customer_external_id": f"y{c}", "quantity": _quantity(c, d),
                   "idempotency_key": f"y{c}-{d}",
                   "timestamp": f"{first_day + timedelta(days=d)}T12:00:00Z"} for d in range(DAYS)]
        reply = await api.post("/api/v1/usage/batch", {"events": events})
        assert reply.body["accepted"] == DAYS, reply.body
    for c in range(CUSTOMERS):  # once the usage is counted: each period's draft bills it all
        async def counted(c: int = c) -> bool:
            usage = await usage_of(org, f"y{c}", calls["id"], f"{first_day}T00:00:00Z",
                                   f"{first_day + timedelta(days=DAYS)}T00:00:00Z")
            return usage is not None and Decimal(usage["value"]) == sum(_quantity(c, d) for d in range(DAYS))

        await eventually(counted)
        reply = await org.session.post("/api/v1/subscriptions", {
            "customer_external_id": f"y{c}", "plan_id": plan["id"], "start_date": first_day.isoformat()})
        assert reply.status == 201, reply.body
    return calls


def _hostile_requests(x_key: str, plan_id: str, meter_id: str, sub_id: str) -> list[tuple]:
    """(method, path, json or raw bytes, headers) for every bad input found so far."""
    usage = {"meter_name": "calls", "customer_external_id": "x1", "quantity": 1}
    big_event = {**usage, "properties": {f"k{i}": "x" * 10_000 for i in range(110)}}  # > 1 MB
    return [
        ("POST", "/api/v1/usage", {**usage, "properties": {"p": NUL}}, {}),
        ("POST", "/api/v1/customers", {"external_id": "x-big", "metadata": {"b": "x" * (1 << 20)}}, {}),
        ("POST", "/api/v1/subscriptions", {"customer_external_id": "x1", "plan_id": plan_id,
                                           "start_date": "0001-01-01"}, {}),
        ("POST", f"/api/v1/subscriptions/{sub_id}/cancel", None, {}),
        *[("POST", "/api/v1/usage", big_event, {}) for _ in range(3)],
        ("POST", "/api/v1/usage", {**usage, "quantity": "1e30"}, {}),
        ("POST", "/api/v1/usage", {**usage, "quantity": "1e400"}, {}),
        ("POST", f"/api/v1/plans/{plan_id}/charges", {"type": "FIXED", "unit_price": "1e30"}, {}),
        ("POST", "/api/v1/features", {"name": "f", "type": "METER", "meter_id": meter_id,
                                      "limit": "1e400"}, {}),
        ("GET", f"/api/v1/subscriptions/{sub_id}/upcoming-invoice", None, {}),
        ("POST", "/api/v1/usage/batch", orjson.dumps({"events": [usage] * 60_000}), {}),
        ("POST", "/api/v1/customers", {"external_id": "x-int", "metadata": {"n": HUGE}}, {}),
        ("POST", "/api/v1/meters", {"name": "m", "aggregation": "SUM", "filters": [
            {"property": "p", "operator": "eq", "value": HUGE}]}, {}),
        ("POST", "/api/v1/meters", {"name": NUL, "aggregation": "SUM"}, {}),
        ("PUT", "/api/v1/customers/external/a%00b", {}, {}),
        ("POST", "/api/v1/usage", {**usage, "idempotency_key": NUL}, {}),
        ("GET", "/api/v1/customers?external_id=a%00b", None, {}),
        ("POST", "/api/v1/auth/login", {"email": NUL, "password": "x"}, {}),
        ("GET", "/api/v1/usage?customer_external_id=x1&from=0001-01-01T00:00:00Z", None, {}),
        ("GET", "/api/v1/invoices?period_from=9999-01-01T00:00:00Z", None, {}),
        ("POST", "/api/v1/subscriptions", {"customer_external_id": "x1", "plan_id": plan_id,
                                           "start_date": "9999-12-31"}, {}),
        ("POST", "/api/v1/usage", b'{"not": "gzip"}', {"Content-Encoding": "gzip"}),
        ("POST", "/api/v1/usage", gzip.compress(b"{" * 100_000), {"Content-Encoding": "gzip"}),
        ("POST", "/api/v1/usage", {**usage, "idempotency_key": "same"}, {}),
        ("POST", "/api/v1/usage", {**usage, "quantity": 2, "idempotency_key": "same"}, {}),
        ("GET", "/api/v1/entitlements/check?customer_external_id=x1&feature=nope", None, {}),
    ]


JSON = st.recursive(st.none() | st.booleans() | st.integers()
                    | st.floats(allow_nan=False, allow_infinity=False)
                    | st.text(max_size=30), lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
USAGE = st.fixed_dictionaries({"meter_name": st.sampled_from(["calls", "nope"]) | st.text(max_size=5)},
                              optional={"customer_external_id": st.sampled_from(["x1"]) | st.text(),
                                        "quantity": JSON, "timestamp": JSON, "properties": JSON,
                                        "idempotency_key": JSON, "metadata": JSON})
REQUESTS = st.one_of(
    st.tuples(st.just("/api/v1/usage"), USAGE),
    st.tuples(st.just("/api/v1/usage/batch"), st.fixed_dictionaries({"events": st.lists(USAGE, max_size=5)})),
    st.tuples(st.just("/api/v1/customers"), st.dictionaries(
        st.sampled_from(["external_id", "name", "email", "metadata", "billing_address", "tax_id"]), JSON)),
    st.tuples(st.just("/api/v1/meters"), st.dictionaries(
        st.sampled_from(["name", "aggregation", "property", "filters", "unit"]), JSON)),
    st.tuples(st.just("/api/v1/subscriptions"), st.dictionaries(
        st.sampled_from(["customer_external_id", "plan_id", "start_date", "trial_days", "end_date"]), JSON)),
)


def _fuzz(url: str, key: str, statuses: list[int]) -> None:
    """Generated bodies, blocking HTTP: run in a thread while Y's workload runs."""
    http = requests.Session()
    http.headers["X-API-Key"] = key

    @settings(max_examples=150, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(REQUESTS)
    def send(request: tuple[str, Any]) -> None:
        path, body = request
        reply = http.post(url + path, data=json.dumps(body),  # stdlib: it writes any integer
                          headers={"Content-Type": "application/json"}, timeout=30)
        statuses.append(reply.status_code)
        assert reply.status_code < 500, (path, body, reply.text)

    send()


async def _hostile(platform: RunningPlatform, x: Org, statuses: list[int]) -> None:
    x_meter = await meter(x, "calls")
    await customer(x, "x1")
    plan = (await x.session.post("/api/v1/plans", {
        "name": "X", "type": "USAGE", "interval": "month", "currency": "USD"})).body
    await x.session.post(f"/api/v1/plans/{plan['id']}/charges", {
        "type": "USAGE", "meter_id": x_meter["id"], "unit_price": "0.001"})
    sub = (await x.session.post("/api/v1/subscriptions", {
        "customer_external_id": "x1", "plan_id": plan["id"]})).body
    key = await x.api_key("write", "read")
    api = x.session.with_key(key)
    for method, path, body, headers in _hostile_requests(key, plan["id"], x_meter["id"], sub["id"]):
        raw = body if isinstance(body, bytes) else None
        reply = await api.request(method, path, None if raw is not None else body, data=raw,
                                  headers={"Content-Type": "application/json", **headers})
        statuses.append(reply.status)
        assert reply.status < 500, (method, path, reply.status, reply.body)
    await asyncio.to_thread(_fuzz, platform.url, key, statuses)


async def test_a_hostile_tenant_cannot_stop_billing_for_another(platform: RunningPlatform) -> None:
    x, y = await signup(platform.url, "Hostile"), await signup(platform.url, "Bystander")
    first_day = datetime.now(UTC).date() - timedelta(days=DAYS)
    statuses: list[int] = []
    calls, _ = await asyncio.gather(_normal_month(y, first_day), _hostile(platform, x, statuses))
    assert statuses and max(statuses) < 500 and any(400 <= s < 500 for s in statuses)

    expected = {f"y{c}": [FIXED + _quantity(c, d) * PRICE for d in range(DAYS)] for c in range(CUSTOMERS)}
    customers = {c["external_id"]: c["id"] for c in (await y.session.get("/api/v1/customers")).body["data"]}

    async def all_invoiced() -> list | None:
        invoices = (await y.session.get("/api/v1/invoices", params={"limit": "100"})).body["data"]
        return invoices if len(invoices) == CUSTOMERS * DAYS else None

    invoices = await eventually(all_invoiced, timeout=120)
    for external_id, totals in expected.items():
        mine = sorted((i for i in invoices if i["customer_id"] == customers[external_id]),
                      key=lambda i: i["period_start"])
        assert [Decimal(i["total"]) for i in mine] == totals, external_id
        assert [i["status"] for i in mine] == ["DRAFT"] * DAYS
        usage = await usage_of(y, external_id, calls["id"], f"{first_day}T00:00:00Z",
                               f"{first_day + timedelta(days=DAYS)}T00:00:00Z")
        assert Decimal(usage["value"]) == sum(_quantity(int(external_id[1:]), d) for d in range(DAYS))
