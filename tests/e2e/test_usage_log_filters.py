"""The usage log (the dashboard's "Verify Event"): filtered by the events' own time, and each
event names its customer by your own id."""

from __future__ import annotations

from tests.support.api import signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.usage import customer, meter


def _event(ts: str, key: str, quantity: int) -> dict:
    return {"meter_name": "calls", "customer_external_id": "user_123", "timestamp": ts,
            "idempotency_key": key, "properties": {"quantity": quantity}}


async def test_from_and_to_bound_the_event_timestamps(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    await meter(org, "calls")
    await customer(org, "user_123")
    api = org.session.with_key(await org.api_key("write", "read"))
    stamps = ["2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-03T09:00:00Z"]
    reply = await api.post("/api/v1/usage/batch",
                           {"events": [_event(ts, f"k{i}", i + 1) for i, ts in enumerate(stamps)]})
    assert reply.body["accepted"] == 3, reply.body

    async def all_logged() -> list | None:
        page = await api.get("/api/v1/usage/events")
        return page.body["data"] if len(page.body["data"]) == 3 else None

    logged = await eventually(all_logged, timeout=20)
    assert {e["customer_external_id"] for e in logged} == {"user_123"}
    middle = await api.get("/api/v1/usage/events", params={
        "from": "2026-01-02T00:00:00Z", "to": "2026-01-03T09:00:00Z"})
    assert [e["idempotency_key"] for e in middle.body["data"]] == ["k1"]
    since = await api.get("/api/v1/usage/events", params={"from": "2026-01-02T09:00:00Z",
                                                          "limit": "1"})
    assert len(since.body["data"]) == 1 and since.body["next_cursor"]
    rest = await api.get("/api/v1/usage/events", params={"from": "2026-01-02T09:00:00Z",
                                                         "cursor": since.body["next_cursor"]})
    keys = {e["idempotency_key"] for e in since.body["data"] + rest.body["data"]}
    assert keys == {"k1", "k2"}


async def test_bad_bounds_name_the_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    for params, field in [({"from": "yesterday"}, "from"), ({"to": "2026-01-01T00:00:00"}, "to")]:
        reply = await org.session.get("/api/v1/usage/events", params=params)
        assert reply.status == 422, reply.body
        assert reply.error["field"] == field, reply.body
