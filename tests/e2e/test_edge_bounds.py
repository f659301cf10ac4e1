"""Bounds at every edge: what cannot be stored, published or priced is refused with a 4xx
naming the field — never accepted to fail later, never a 500."""

from __future__ import annotations

import gzip
from datetime import date, timedelta

import orjson
import pytest

from tests.support.api import Api, Org, signup
from tests.support.platform import RunningPlatform
from tests.support.usage import customer, meter

NUL = "a\u0000b"
HUGE_INT = 2**64


async def _ready_org(platform: RunningPlatform) -> tuple[Org, Api, dict]:
    org = await signup(platform.url)
    calls = await meter(org, "calls")
    await customer(org, "c1")
    return org, org.session.with_key(await org.api_key("write", "read")), calls


def _usage(**changes: object) -> dict:
    return {"meter_name": "calls", "customer_external_id": "c1", "quantity": 1,
            "timestamp": "2026-01-05T00:00:00Z", **changes}


async def test_usage_that_could_not_be_stored_is_refused_by_name(platform: RunningPlatform) -> None:
    _, api, _ = await _ready_org(platform)
    cases = [
        (_usage(properties={"p": NUL}), "properties.p"),
        (_usage(properties={"p": HUGE_INT}), "properties.p"),
        (_usage(properties={"deep": {"a": {"b": {"c": {"d": {"e": 1}}}}}}), "properties"),
        (_usage(properties={"big": "x" * 9000}), "properties"),
        (_usage(quantity="1e30"), "quantity"),
        (_usage(quantity="1e400"), "quantity"),
        (_usage(quantity="0.0000000000001"), "quantity"),
        (_usage(properties={"quantity": "1e30"}), "properties.quantity"),
        (_usage(idempotency_key=NUL), "idempotency_key"),
        (_usage(customer_external_id=NUL), "customer_external_id"),
        (_usage(timestamp="0001-01-01T00:00:00Z"), "timestamp"),
    ]
    for body, field in cases:
        reply = await api.post("/api/v1/usage", body)
        assert reply.status == 422 and reply.error["field"] == field, (body, reply.body)
    batch = await api.post("/api/v1/usage/batch", {"events": [_usage(properties={"p": NUL}),
                                                              _usage(idempotency_key="fine")]})
    assert [r["status"] for r in batch.body["results"]] == ["rejected", "accepted"], batch.body
    assert batch.body["results"][0]["error"]["field"] == "events[0].properties", batch.body


async def test_catalog_numbers_stay_in_the_priced_domain(platform: RunningPlatform) -> None:
    org, _, calls = await _ready_org(platform)
    plan = (await org.session.post("/api/v1/plans", {
        "name": "P", "type": "HYBRID", "interval": "month", "currency": "USD"})).body
    charges = f"/api/v1/plans/{plan['id']}/charges"
    cases = [
        (charges, {"type": "FIXED", "unit_price": "1e30"}, "unit_price"),
        (charges, {"type": "USAGE", "meter_id": calls["id"], "unit_price": "1e400"}, "unit_price"),
        (charges, {"type": "USAGE", "meter_id": calls["id"], "tier_mode": "graduated",
                   "tiers": [{"up_to": "1e30", "unit_price": 1}, {"up_to": None, "unit_price": 1}]},
         "tiers[0].up_to"),
        ("/api/v1/features", {"name": "f", "type": "METER", "meter_id": calls["id"],
                              "limit": "1e400"}, "limit"),
        ("/api/v1/meters", {"name": "m2", "aggregation": "SUM", "filters": [
            {"property": "p", "operator": "eq", "value": HUGE_INT}]}, "filters[0].value"),
        ("/api/v1/meters", {"name": "m3", "aggregation": "SUM", "description": NUL}, "description"),
        ("/api/v1/plans", {"name": NUL, "type": "FIXED", "interval": "month", "currency": "USD"},
         "name"),
    ]
    for path, body, field in cases:
        reply = await org.session.post(path, body)
        assert reply.status == 422 and reply.error["field"].startswith(field), (body, reply.body)


async def test_customers_subscriptions_and_dates_in_range(platform: RunningPlatform) -> None:
    org, _, _ = await _ready_org(platform)
    plan = (await org.session.post("/api/v1/plans", {
        "name": "P", "type": "FIXED", "interval": "month", "currency": "USD"})).body
    cases = [
        ("/api/v1/customers", {"external_id": "c2", "metadata": {"blob": "x" * (1024 * 1024)}},
         "metadata"),
        ("/api/v1/customers", {"external_id": "c3", "metadata": {"n": HUGE_INT}}, "metadata.n"),
        ("/api/v1/customers", {"external_id": NUL}, "external_id"),
        ("/api/v1/subscriptions", {"customer_external_id": "c1", "plan_id": plan["id"],
                                   "start_date": "0001-01-01"}, "start_date"),
        ("/api/v1/subscriptions", {"customer_external_id": "c1", "plan_id": plan["id"],
                                   "start_date": "9999-12-31"}, "start_date"),
    ]
    for path, body, field in cases:
        reply = await org.session.post(path, body)
        assert reply.status == 422 and reply.error["field"] == field, (body, reply.body)
    queries = [
        ("/api/v1/usage", {"customer_external_id": "c1", "from": "0001-01-01T00:00:00Z",
                           "to": "2026-01-01T00:00:00Z"}, "from"),
        ("/api/v1/invoices", {"period_from": "9999-01-01T00:00:00Z"}, "period_from"),
        ("/api/v1/customers", {"external_id": NUL}, "external_id"),
        ("/api/v1/usage/events", {"customer_external_id": NUL}, "customer_external_id"),
    ]
    for path, params, field in queries:
        reply = await org.session.get(path, params=params)
        assert reply.status == 422 and reply.error["field"] == field, (path, params, reply.body)
    path_nul = await org.session.put("/api/v1/customers/external/a%00b", {})
    assert path_nul.status == 422 and path_nul.error["field"] == "external_id", path_nul.body


async def test_bodies_too_big_or_badly_encoded_are_4xx(platform: RunningPlatform) -> None:
    _, api, _ = await _ready_org(platform)
    oversized = orjson.dumps({"events": [_usage(idempotency_key=str(i)) for i in range(40_000)]})
    assert len(oversized) > 4 * 1024 * 1024
    too_big = await api.post("/api/v1/usage/batch", data=oversized,
                             headers={"Content-Type": "application/json"})
    assert too_big.status == 413 and too_big.error["code"] == "request_too_large", too_big.body
    garbled = await api.post("/api/v1/usage", data=b'{"not": "gzip"}', headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert garbled.status == 400 and garbled.error["field"] == "Content-Encoding", garbled.body
    zipped = await api.post("/api/v1/usage", data=gzip.compress(orjson.dumps(_usage())), headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert zipped.status == 202, zipped.body
    nul_login = await Api(platform.url).post("/api/v1/auth/login", {"email": NUL, "password": "x"})
    assert nul_login.status == 422 and nul_login.error["field"] == "email", nul_login.body


@pytest.mark.parametrize("action", ["cancel", "pause"])
async def test_actions_take_their_defaults_without_a_body(platform: RunningPlatform,
                                                         action: str) -> None:
    org, _, _ = await _ready_org(platform)
    plan = (await org.session.post("/api/v1/plans", {
        "name": "P", "type": "FIXED", "interval": "month", "currency": "USD"})).body
    sub = (await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "c1", "plan_id": plan["id"]})).body
    reply = await org.session.post(f"/api/v1/subscriptions/{sub['id']}/{action}")
    assert reply.status == 200, reply.body


async def test_a_trial_subscription_has_entitlements(platform: RunningPlatform) -> None:
    org, api, calls = await _ready_org(platform)
    feature = (await org.session.post("/api/v1/features", {
        "name": "api_calls", "type": "METER", "meter_id": calls["id"], "limit": 100})).body
    plan = (await org.session.post("/api/v1/plans", {
        "name": "P", "type": "USAGE", "interval": "month", "currency": "USD",
        "features": [{"feature_id": feature["id"]}]})).body
    start = date.today() - timedelta(days=1)
    reply = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "c1", "plan_id": plan["id"], "start_date": start.isoformat(),
        "trial_days": 14})
    assert reply.status == 201 and reply.body["status"] == "TRIAL", reply.body

    async def checked() -> dict | None:
        check = await api.get("/api/v1/entitlements/check", params={
            "customer_external_id": "c1", "feature": "api_calls"})
        return check.body if check.status == 200 else None

    from tests.support.processes import eventually

    body = await eventually(checked)
    assert body["allowed"] and body["limit"] == "100" and body["usage"] == "0"
    assert body["window_start"].startswith(start.isoformat())
