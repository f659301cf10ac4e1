"""Usage of the whole organisation per meter (the dashboard's usage chart): every customer's
events, folded the way each aggregation folds, and never another organisation's."""

from __future__ import annotations

from tests.support.api import signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.usage import customer, meter

JAN = {"from": "2026-01-01T00:00:00Z", "to": "2026-01-03T00:00:00Z"}


def _event(meter_name: str, who: str, ts: str, key: str, **props: object) -> dict:
    return {"meter_name": meter_name, "customer_external_id": who, "timestamp": ts,
            "idempotency_key": key, "properties": props}


async def test_every_customer_counts_per_meter_and_window(platform: RunningPlatform) -> None:
    org, other = await signup(platform.url), await signup(platform.url)
    calls = await meter(org, "calls")
    users = await meter(org, "mau", "UNIQUE_COUNT", property="user")
    peak = await meter(org, "seats", "MAX", property="seats")
    for who in ("a", "b"):
        await customer(org, who)
    api = org.session.with_key(await org.api_key("write", "read"))
    events = [
        _event("calls", "a", "2026-01-01T10:00:00Z", "c1", quantity=5),
        _event("calls", "b", "2026-01-01T10:30:00Z", "c2", quantity=7),
        _event("calls", "b", "2026-01-02T09:00:00Z", "c3", quantity=1),
        _event("mau", "a", "2026-01-01T11:00:00Z", "u1", user="ann"),
        _event("mau", "b", "2026-01-01T11:00:00Z", "u2", user="ann"),
        _event("mau", "b", "2026-01-02T11:00:00Z", "u3", user="bob"),
        _event("seats", "a", "2026-01-01T12:00:00Z", "s1", seats=3),
        _event("seats", "b", "2026-01-02T12:00:00Z", "s2", seats=9),
    ]
    assert (await api.post("/api/v1/usage/batch", {"events": events})).body["accepted"] == 8

    async def settled() -> dict | None:
        reply = await api.get("/api/v1/usage", params={**JAN, "window": "day"})
        assert reply.status == 200, reply.body
        by_name = {m["meter_name"]: m for m in reply.body["data"]}
        return by_name if sum(m["events"] for m in by_name.values()) == 8 else None

    usage = await eventually(settled, timeout=20)
    assert {name: m["value"] for name, m in usage.items()} == {"calls": "13", "mau": "2", "seats": "9"}
    assert [(w["start"][:10], w["value"]) for w in usage["calls"]["windows"]] == [
        ("2026-01-01", "12"), ("2026-01-02", "1")]
    # ann (sent for a and for b) is one user on the 1st; bob the one on the 2nd; two in all.
    assert [w["value"] for w in usage["mau"]["windows"]] == ["1", "1"]
    one = await api.get("/api/v1/usage", params={**JAN, "meter_id": calls["id"]})
    assert [m["meter_id"] for m in one.body["data"]] == [calls["id"]]
    assert one.body["customer_id"] is None
    a_only = await api.get("/api/v1/usage", params={**JAN, "customer_external_id": "a"})
    assert {m["meter_name"]: m["value"] for m in a_only.body["data"]} == {
        "calls": "5", "mau": "1", "seats": "3"}
    assert users["id"] and peak["id"]
    strangers = await other.session.get("/api/v1/usage", params=JAN)
    assert strangers.status == 200 and strangers.body["data"] == []


async def test_two_subjects_are_refused_by_name(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    reply = await org.session.get("/api/v1/usage", params={
        "customer_external_id": "a", "subscription_id": "0190f3c2-0000-7000-8000-000000000000"})
    assert reply.status == 422, reply.body
