"""Usage ingest and aggregation through HTTP: validation, batches, duplicates (also at the same
moment), every aggregation, filters, windows and the usage log."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.usage import customer, meter, usage_of

JAN = ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")


def event(meter_name: str, customer_id: str, ts: str, key: str | None = None, **props: object) -> dict:
    body = {"meter_name": meter_name, "customer_external_id": customer_id, "timestamp": ts,
            "properties": props}
    if key is not None:
        body["idempotency_key"] = key
    return body


async def settled(org: Org, customer_id: str, meter_id: str, expected: str,
                  period: tuple[str, str] = JAN, **params: str) -> dict:
    async def check() -> dict | None:
        usage = await usage_of(org, customer_id, meter_id, *period, **params)
        return usage if usage is not None and usage["value"] == expected else None

    return await eventually(check)


async def test_validation_names_the_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    await meter(org, "calls")
    await meter(org, "users", "UNIQUE_COUNT", property="user_id")
    await customer(org, "c1")
    api = org.session.with_key(await org.api_key("write"))
    now = datetime.now(UTC)
    cases = [
        ({"meter_name": "nope", "customer_external_id": "c1", "quantity": 1}, "meter_name"),
        ({"meter_name": "calls", "customer_external_id": "ghost", "quantity": 1},
         "customer_external_id"),
        ({"meter_name": "calls", "customer_external_id": "c1", "quantity": 0}, "quantity"),
        ({"meter_name": "calls", "customer_external_id": "c1", "quantity": -3}, "quantity"),
        ({"meter_name": "calls", "customer_external_id": "c1"}, "quantity"),
        ({"meter_name": "users", "customer_external_id": "c1", "quantity": 1}, "properties.user_id"),
        ({"meter_name": "calls", "customer_external_id": "c1", "quantity": 1,
          "timestamp": (now + timedelta(hours=2)).isoformat()}, "timestamp"),
        ({"meter_name": "calls", "customer_external_id": "c1", "quantity": 1,
          "timestamp": "2001-01-01T00:00:00Z"}, "timestamp"),
        ({"meter_name": "calls", "customer_external_id": "c1", "quantity": 1,
          "timestamp": "2026-01-01T00:00:00"}, "timestamp"),
        ({"meter_name": "calls", "customer_external_id": "c1", "quantity": "lots"}, "quantity"),
    ]
    for body, field in cases:
        reply = await api.post("/api/v1/usage", body)
        assert reply.status == 422 and reply.error["field"] == field, (body, reply.body)
    users = await api.post("/api/v1/sdk/track", {
        "meter_token": (await org.session.get("/api/v1/meters")).body["data"][0]["meter_token"],
        "customer_external_id": "c1", "quantity": 1})
    assert users.status == 422 and users.error["field"] == "metadata.user_id"
    broken = await api.post("/api/v1/usage", data=b'{"meter_name": ', headers={
        "Content-Type": "application/json"})
    assert broken.status == 400 and broken.error["code"] == "invalid_json"


async def test_a_batch_reports_each_event_and_loses_no_good_one(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    calls = await meter(org, "calls")
    await customer(org, "c1")
    api = org.session.with_key(await org.api_key("write", "read"))
    reply = await api.post("/api/v1/usage/batch", {"events": [
        event("calls", "c1", "2026-01-05T10:00:00Z", "b-1", quantity=2),
        {"meter_name": "calls", "customer_external_id": "c1", "quantity": 0},
        event("calls", "c1", "2026-01-05T10:00:00Z", "b-1", quantity=2),  # the same event again
        {"meter_id": calls["id"], "customer_external_id": "c1", "quantity": 5,
         "timestamp": "2026-01-06T00:00:00Z", "idempotency_key": "b-2"},
        {"meter_name": "calls", "bogus": True},
    ]})
    assert reply.status == 200, reply.body
    assert (reply.body["accepted"], reply.body["duplicates"], reply.body["rejected"]) == (2, 1, 2)
    statuses = [r["status"] for r in reply.body["results"]]
    assert statuses == ["accepted", "rejected", "duplicate", "accepted", "rejected"]
    assert reply.body["results"][1]["error"]["field"] == "events[1].quantity"
    assert reply.body["results"][4]["error"]["field"] == "events[4].bogus"
    await settled(org, "c1", calls["id"], "7")
    too_many = await api.post("/api/v1/usage/batch", {"events": [{}] * 1001})
    assert too_many.status == 422 and too_many.error["field"] == "events"


async def test_copies_sent_at_the_same_moment_count_once(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    calls = await meter(org, "calls")
    await customer(org, "c1")
    api = org.session.with_key(await org.api_key("write"))
    body = event("calls", "c1", "2026-01-07T00:00:00Z", "same-moment", quantity=3)
    replies = await asyncio.gather(*(api.post("/api/v1/usage", body) for _ in range(20)))
    assert sorted(r.body["status"] for r in replies) == ["accepted"] + ["duplicate"] * 19
    # No key but its own timestamp: an exact retry derives the same key.
    keyless = {"meter_name": "calls", "customer_external_id": "c1", "quantity": 4,
               "timestamp": "2026-01-08T00:00:00Z"}
    first, second = await api.post("/api/v1/usage", keyless), await api.post("/api/v1/usage", keyless)
    assert first.body["status"] == "accepted" and second.body["status"] == "duplicate"
    assert first.body["idempotency_key"].startswith("derived:")
    await settled(org, "c1", calls["id"], "7")


async def test_each_aggregation_totals_exactly_and_filtered_events_count_nowhere(
        platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meters = {
        "SUM": await meter(org, "tokens", "SUM", property="tokens",
                           filters=[{"property": "model", "operator": "in", "value": ["a", "b"]}]),
        "COUNT": await meter(org, "requests", "COUNT"),
        "MAX": await meter(org, "seats", "MAX", property="seats"),
        "LAST": await meter(org, "storage", "LAST", property="gb"),
        "UNIQUE_COUNT": await meter(org, "mau", "UNIQUE_COUNT", property="user"),
    }
    await customer(org, "c1")
    api = org.session.with_key(await org.api_key("write"))
    events = [
        event("tokens", "c1", "2026-01-02T10:15:00Z", "t1", tokens=100, model="a"),
        event("tokens", "c1", "2026-01-02T10:45:00Z", "t2", tokens=50, model="b"),
        event("tokens", "c1", "2026-01-02T11:00:00Z", "t3", tokens=999, model="zzz"),  # filtered
        event("requests", "c1", "2026-01-03T00:00:00Z", "r1"),
        event("requests", "c1", "2026-01-03T00:00:01Z", "r2"),
        event("seats", "c1", "2026-01-04T00:00:00Z", "s1", seats=3),
        event("seats", "c1", "2026-01-05T00:00:00Z", "s2", seats=7),
        event("seats", "c1", "2026-01-06T00:00:00Z", "s3", seats=5),
        event("storage", "c1", "2026-01-09T00:00:00Z", "g2", gb="12.5"),
        event("storage", "c1", "2026-01-08T00:00:00Z", "g1", gb=40),  # older, sent later
        event("mau", "c1", "2026-01-10T00:00:00Z", "u1", user="ann"),
        event("mau", "c1", "2026-01-11T00:00:00Z", "u2", user="bob"),
        event("mau", "c1", "2026-01-12T00:00:00Z", "u3", user="ann"),
    ]
    reply = await api.post("/api/v1/usage/batch", {"events": events})
    assert reply.body["accepted"] == len(events), reply.body
    expected = {"SUM": "150", "COUNT": "2", "MAX": "7", "LAST": "12.5", "UNIQUE_COUNT": "2"}
    for aggregation, value in expected.items():
        await settled(org, "c1", meters[aggregation]["id"], value)
    # Aligned or not, a period boundary is exact: from 10:30 on the 2nd only t2 (and filtered t3).
    partial = await usage_of(org, "c1", meters["SUM"]["id"], "2026-01-02T10:30:00Z",
                             "2026-01-02T12:00:00Z")
    assert partial["value"] == "50"
    log = await org.session.get("/api/v1/usage/events", params={
        "customer_external_id": "c1", "meter_id": meters["SUM"]["id"]})
    assert [e["counted"] for e in log.body["data"]] == [False, True, True]


async def test_windows_and_the_usage_log(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    calls = await meter(org, "calls")
    await customer(org, "c1")
    api = org.session.with_key(await org.api_key("write", "read"))
    days = ["2026-01-01T05:00:00Z", "2026-01-01T23:00:00Z", "2026-01-03T12:00:00Z"]
    for i, ts in enumerate(days):
        await api.post("/api/v1/usage", event("calls", "c1", ts, f"w{i}", quantity=i + 1))
    usage = await settled(org, "c1", calls["id"], "6", window="day")
    assert [(w["start"][:10], w["value"], w["events"]) for w in usage["windows"]] == [
        ("2026-01-01", "3", 2), ("2026-01-03", "3", 1)]
    assert usage["events"] == 3
    page1 = await api.get("/api/v1/usage/events", params={"limit": "2"})
    page2 = await api.get("/api/v1/usage/events", params={"limit": "2",
                                                          "cursor": page1.body["next_cursor"]})
    keys = [e["idempotency_key"] for e in page1.body["data"] + page2.body["data"]]
    assert keys == ["w2", "w1", "w0"] and page2.body["next_cursor"] is None


async def test_a_key_reused_for_another_event_is_refused_not_dropped(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    calls = await meter(org, "calls")
    await customer(org, "c1")
    await customer(org, "c2")
    api = org.session.with_key(await org.api_key("write", "read"))
    first = event("calls", "c1", "2026-01-09T00:00:00Z", "order-7", quantity=3)
    assert (await api.post("/api/v1/usage", first)).status == 202
    assert (await api.post("/api/v1/usage", first)).body["status"] == "duplicate"
    for other in (event("calls", "c1", "2026-01-09T00:00:00Z", "order-7", quantity=4),
                  event("calls", "c2", "2026-01-09T00:00:00Z", "order-7", quantity=3)):
        reply = await api.post("/api/v1/usage", other)
        assert reply.status == 409 and reply.error["code"] == "idempotency_key_reused", reply.body
        assert reply.error["field"] == "idempotency_key"
    batch = await api.post("/api/v1/usage/batch", {"events": [
        first, event("calls", "c1", "2026-01-10T00:00:00Z", "order-8", quantity=1),
        event("calls", "c1", "2026-01-10T00:00:00Z", "order-8", quantity=2)]})
    assert [r["status"] for r in batch.body["results"]] == ["duplicate", "accepted", "rejected"]
    assert batch.body["results"][2]["error"]["code"] == "idempotency_key_reused"
    await settled(org, "c1", calls["id"], "4")
