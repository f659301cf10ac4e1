"""Subscriptions through HTTP: backdating and catch-up, the state machine, entitlements."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.support.api import Org, signup
from tests.support.kafka import read_topic
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually


async def plan(org: Org, interval: str = "day", name: str = "Pro", features: list | None = None) -> dict:
    reply = await org.session.post("/api/v1/plans", {
        "name": name, "type": "HYBRID", "interval": interval, "currency": "USD",
        "features": features or []})
    assert reply.status == 201, reply.body
    await org.session.post(f"/api/v1/plans/{reply.body['id']}/charges",
                           {"type": "FIXED", "unit_price": "10.00"})
    return reply.body


async def subscribe(org: Org, plan_id: str, external_id: str, **extra: object) -> dict:
    customer = await org.session.put(f"/api/v1/customers/external/{external_id}", {"name": "C"})
    assert customer.status in (200, 201)
    reply = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": external_id, "plan_id": plan_id, **extra})
    assert reply.status == 201, reply.body
    return reply.body


async def test_a_backdated_daily_subscription_catches_up_its_periods(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    daily = await plan(org)
    start = (datetime.now(UTC) - timedelta(days=5)).replace(hour=0, minute=0, second=0, microsecond=0)
    sub = await subscribe(org, daily["id"], "user_123", start_date=start.date().isoformat())
    assert sub["status"] == "ACTIVE" and sub["current_period_start"].startswith(start.date().isoformat())

    async def caught_up() -> dict | None:
        got = (await org.session.get(f"/api/v1/subscriptions/{sub['id']}")).body
        return got if got["current_period_end"] > datetime.now(UTC).isoformat() else None

    current = await eventually(caught_up)
    assert datetime.fromisoformat(current["current_period_start"]) <= datetime.now(UTC)
    log = await org.session.get(f"/api/v1/subscriptions/{sub['id']}/events")
    ended = [e for e in log.body["data"] if e["type"] == "subscription.period_ended"]
    assert len(ended) == 5
    starts = [e["data"]["period"]["start"] for e in ended]
    assert starts == sorted(starts) and len(set(starts)) == 5
    assert ended[0]["data"]["plan"]["charges"][0]["unit_price"] == "10.00"
    assert ended[0]["data"]["customer"]["external_id"] == "user_123"
    topic = f"{platform.environment.namespace}.subscriptions.subscription.v1"

    def ours(events: list[dict]) -> list[dict]:
        return [e for e in events if e["type"] == "subscription.period_ended"
                and e["data"]["subscription"]["id"] == sub["id"]]

    published = await read_topic(platform.environment.kafka, topic,
                                 until=lambda evs: len({e["id"] for e in ours(evs)}) == 5)
    assert {e["data"]["period"]["start"] for e in ours(published)} == set(starts)


async def test_the_state_machine_through_the_api(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    monthly = await plan(org, "month")
    sub = await subscribe(org, monthly["id"], "c-states")
    url = f"/api/v1/subscriptions/{sub['id']}"
    resume = await org.session.post(url + "/resume")
    assert resume.status == 409 and "ACTIVE" in resume.error["message"]
    assert (await org.session.post(url + "/pause")).body["status"] == "PAUSED"
    assert (await org.session.post(url + "/pause")).status == 409
    assert (await org.session.post(url + "/resume")).body["status"] == "ACTIVE"
    scheduled = await org.session.post(url + "/cancel", {"at_period_end": True})
    assert scheduled.body["cancel_at_period_end"] is True and scheduled.body["status"] == "ACTIVE"
    canceled = await org.session.post(url + "/cancel", {})
    assert canceled.body["status"] == "CANCELED"
    after = await org.session.post(url + "/pause")
    assert after.status == 409 and "CANCELED" in after.error["message"]


async def test_change_plan_now_emits_the_ended_part(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    first, second = await plan(org, "month", "Basic"), await plan(org, "month", "Plus")
    start = datetime.now(UTC) - timedelta(days=3)
    sub = await subscribe(org, first["id"], "c-change", start_date=start.isoformat())
    changed = await org.session.post(f"/api/v1/subscriptions/{sub['id']}/change-plan",
                                     {"plan_id": second["id"]})
    assert changed.status == 200 and changed.body["plan_id"] == second["id"]
    log = await org.session.get(f"/api/v1/subscriptions/{sub['id']}/events")
    ended = [e for e in log.body["data"] if e["type"] == "subscription.period_ended"]
    period = ended[-1]["data"]["period"]
    assert period["kind"] == "partial" and period["reason"] == "plan_change"
    assert 2.9 < float(period["covered_days"]) < 3.1 and ended[-1]["data"]["plan"]["name"] == "Basic"
    same = await org.session.post(f"/api/v1/subscriptions/{sub['id']}/change-plan",
                                  {"plan_id": second["id"]})
    assert same.status == 409


async def test_bad_subscriptions_are_refused_naming_the_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    monthly = await plan(org, "month")
    await org.session.put("/api/v1/customers/external/v1", {})
    cases = [
        ({"customer_external_id": "v1", "plan_id": "00000000-0000-0000-0000-000000000000"}, "plan_id"),
        ({"customer_external_id": "nobody", "plan_id": monthly["id"]}, "customer_external_id"),
        ({"customer_external_id": "v1", "plan_id": monthly["id"], "trial_days": 5,
          "trial_end": "2030-01-01"}, "trial_end"),
        ({"customer_external_id": "v1", "plan_id": monthly["id"], "start_date": "2026-05-10",
          "end_date": "2026-05-01"}, "end_date"),
        ({"plan_id": monthly["id"]}, "customer_id"),
        ({"customer_external_id": "v1", "customer_id": "00000000-0000-0000-0000-000000000000",
          "plan_id": monthly["id"]}, "customer_external_id"),
    ]
    for body, field in cases:
        reply = await org.session.post("/api/v1/subscriptions", body)
        assert reply.status == 422, (body, reply.body)
        assert reply.error["field"] == field, reply.body
    trial = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "v1", "plan_id": monthly["id"], "trial_days": 14})
    assert trial.status == 201 and trial.body["status"] == "TRIAL"
    assert trial.body["current_period_end"] == trial.body["trial_end"]


async def test_entitlements_list_and_check(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "SUM"})
    calls = await org.session.post("/api/v1/features", {
        "name": "api_calls", "type": "METER", "meter_id": meter.body["id"], "limit": 1000})
    sso = await org.session.post("/api/v1/features", {"name": "sso", "type": "SWITCH"})
    seats = await org.session.post("/api/v1/features", {"name": "workspaces", "type": "CUSTOM",
                                                        "value": 3})
    await org.session.post("/api/v1/features", {"name": "audit_log", "type": "SWITCH"})
    pro = await plan(org, "month", "Pro", features=[
        {"feature_id": calls.body["id"], "limit": 100}, {"feature_id": sso.body["id"]},
        {"feature_id": seats.body["id"], "value": 5}])
    await subscribe(org, pro["id"], "ent-1")
    api = org.session.with_key(await org.api_key("read", "write"))
    sent = await api.post("/api/v1/usage", {"meter_name": "api_calls",
                                            "customer_external_id": "ent-1", "quantity": 30})
    assert sent.status == 202, sent.body

    async def metered() -> dict | None:
        reply = await api.get("/api/v1/entitlements/check", params={
            "customer_external_id": "ent-1", "feature": "api_calls"})
        return reply.body if reply.status == 200 and reply.body["usage"] == "30" else None

    check = await eventually(metered)
    assert (check["limit"], check["remaining"], check["allowed"]) == ("100", "70", True)
    listed = await api.get("/api/v1/entitlements", params={"customer_external_id": "ent-1"})
    by_name = {e["feature"]: e for e in listed.body["data"]}
    assert set(by_name) == {"api_calls", "sso", "workspaces"}
    assert by_name["sso"]["allowed"] is True and by_name["workspaces"]["value"] == 5
    missing = await api.get("/api/v1/entitlements/check", params={
        "customer_external_id": "ent-1", "feature": "audit_log"})
    assert missing.status == 200 and missing.body["allowed"] is False
    unknown = await api.get("/api/v1/entitlements/check", params={
        "customer_external_id": "ent-1", "feature": "nope"})
    assert unknown.status == 404
