"""The catalog through HTTP: the seed walkthrough's steps 1-3 and seed 004's curls verbatim."""

from __future__ import annotations

from tests.support.api import Api, Org, signup
from tests.support.kafka import read_topic
from tests.support.platform import RunningPlatform


async def _meter(org: Org, name: str = "api_calls", **extra: object) -> dict:
    reply = await org.session.post("/api/v1/meters", {"name": name, "aggregation": "SUM", **extra})
    assert reply.status == 201, reply.body
    return reply.body


async def test_putting_it_together_steps_1_to_3(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await _meter(org, unit="call", description="API calls")
    assert meter["meter_name"] == "api_calls" and meter["property"] == "quantity"
    assert meter["status"] == "ACTIVE" and len(meter["meter_token"]) == 36
    feature = await org.session.post("/api/v1/features", {
        "name": "API calls", "type": "METER", "meter_id": meter["id"], "limit": 100000})
    assert feature.status == 201 and feature.body["reset_period"] == "month"
    plan = await org.session.post("/api/v1/plans", {
        "name": "Pro", "type": "USAGE", "interval": "month", "currency": "USD",
        "features": [{"feature_id": feature.body["id"], "limit": 50000}]})
    assert plan.status == 201, plan.body
    charge = await org.session.post(f"/api/v1/plans/{plan.body['id']}/charges", {
        "type": "USAGE", "meter_id": meter["id"], "unit_price": 0.001})
    assert charge.status == 201 and charge.body["unit_price"] == "0.001"
    assert charge.body["display_name"] == "api_calls"
    got = await org.session.get(f"/api/v1/plans/{plan.body['id']}")
    assert [c["id"] for c in got.body["charges"]] == [charge.body["id"]]
    assert got.body["features"] == [{"feature_id": feature.body["id"], "limit": "50000",
                                     "value": None}]


async def test_seed_004_charge_curls_verbatim(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    login = await Api(platform.url).post("/api/v1/auth/login",
                                         {"email": org.email, "password": "correct-horse-battery-staple"})
    curl = Api(platform.url)
    headers = {"Content-Type": "application/json",
               "Cookie": f"access_token={login.body['access_token']}"}
    meter = await _meter(org, name="storage_gb", aggregation="MAX")
    plan = await org.session.post("/api/v1/plans", {
        "name": "Enterprise", "type": "HYBRID", "interval": "month", "currency": "USD"})
    plan_id = plan.body["id"]
    fixed = await curl.post(f"/api/v1/plans/{plan_id}/charges", headers=headers, data=b'''{
"type": "FIXED",
"unit_price": 99.00,
"display_name": "Pro monthly subscription"
}''')
    assert fixed.status == 201, fixed.body
    assert fixed.body["unit_price"] == "99.00" and fixed.body["status"] == "ACTIVE"
    usage = await curl.post(f"/api/v1/plans/{plan_id}/charges", headers=headers, data=f'''{{
"type": "USAGE",
"meter_id": "{meter['id']}",
"unit_price": 0.005,
"display_name": "Storage (per GB)"
}}'''.encode())
    assert usage.status == 201, usage.body
    assert usage.body["unit_price"] == "0.005"
    deactivated = await curl.patch(f"/api/v1/plans/{plan_id}/charges/{usage.body['id']}",
                                   headers=headers, data=b'{\n"status": "INACTIVE"\n}')
    assert deactivated.status == 200 and deactivated.body["status"] == "INACTIVE"
    view = await curl.get(f"/api/v1/plans/{plan_id}", headers=headers)
    assert [c["display_name"] for c in view.body["charges"]] == ["Pro monthly subscription"]
    reactivate = await curl.patch(f"/api/v1/plans/{plan_id}/charges/{usage.body['id']}",
                                  headers=headers, data=b'{"status": "ACTIVE"}')
    assert reactivate.status == 409 and reactivate.error["code"] == "charge_transition_not_allowed"


async def test_tiered_charges_and_their_validation(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await _meter(org)
    plan = await org.session.post("/api/v1/plans", {
        "name": "Tiered", "type": "USAGE", "interval": "month", "currency": "USD"})
    url = f"/api/v1/plans/{plan.body['id']}/charges"
    tiered = await org.session.post(url, {
        "type": "USAGE", "meter_id": meter["id"], "mode": "graduated",
        "tiers": [{"up_to": 1000, "unit_price": 0}, {"up_to": None, "unit_price": "0.001"}]})
    assert tiered.status == 201, tiered.body
    assert tiered.body["tier_mode"] == "graduated" and tiered.body["tiers"][1]["up_to"] is None
    for body, field in [
        ({"type": "USAGE", "meter_id": meter["id"], "tier_mode": "volume",
          "tiers": [{"up_to": 10, "unit_price": 1}]}, "tiers[0].up_to"),
        ({"type": "USAGE", "meter_id": meter["id"], "tiers": [{"up_to": None, "unit_price": 1}]},
         "tier_mode"),
        ({"type": "USAGE", "unit_price": 1}, "meter_id"),
        ({"type": "USAGE", "meter_id": meter["id"], "unit_price": -1}, "unit_price"),
        ({"type": "FIXED", "unit_price": 10}, "type"),  # a USAGE plan takes no fixed charge
        ({"type": "USAGE", "meter_id": "00000000-0000-0000-0000-000000000000", "unit_price": 1},
         "meter_id"),
    ]:
        reply = await org.session.post(url, body)
        assert reply.status == 422 and reply.error["field"] == field, (body, reply.body)


async def test_meter_names_are_unique_and_how_a_meter_counts_never_changes(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await _meter(org, property="tokens",
                         filters=[{"property": "model", "operator": "in", "value": ["gpt", "claude"]}])
    again = await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "MAX"})
    assert again.status == 409 and again.error["field"] == "name"
    refused = await org.session.patch(f"/api/v1/meters/{meter['id']}", {"aggregation": "MAX"})
    assert refused.status == 409 and refused.error["field"] == "aggregation"
    assert "already billed" in refused.error["message"]
    same = await org.session.patch(f"/api/v1/meters/{meter['id']}", {
        "filters": [{"property": "model", "operator": "in", "value": ["gpt", "claude"]}],
        "description": "LLM tokens"})
    assert same.status == 200 and same.body["description"] == "LLM tokens"
    archived = await org.session.patch(f"/api/v1/meters/{meter['id']}", {"status": "INACTIVE"})
    assert archived.body["status"] == "INACTIVE"
    for body, field in [({"name": "bad name!", "aggregation": "SUM"}, "name"),
                        ({"name": "x", "aggregation": "AVG"}, "aggregation"),
                        ({"name": "x", "aggregation": "SUM",
                          "filters": [{"property": "p", "operator": "eq", "value": [1]}]},
                         "filters[0].value")]:
        reply = await org.session.post("/api/v1/meters", body)
        assert reply.status == 422 and reply.error["field"] == field, reply.body


async def test_plans_take_currencies_in_circulation_and_keep_currency_and_type_consistent(
        platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    for code in ("XYZ", "XXX", "XTS", "XAU", "CLF", "DEM", "usd"):
        bad_currency = await org.session.post("/api/v1/plans", {
            "name": "P", "type": "FIXED", "interval": "month", "currency": code})
        assert bad_currency.status == 422 and bad_currency.error["field"] == "currency", code
    west_africa = await org.session.post("/api/v1/plans", {
        "name": "P", "type": "FIXED", "interval": "month", "currency": "XOF"})
    assert west_africa.status == 201, west_africa.body
    plan = await org.session.post("/api/v1/plans", {
        "name": "P", "type": "HYBRID", "interval": "month", "currency": "JPY"})
    url = f"/api/v1/plans/{plan.body['id']}"
    too_precise = await org.session.post(url + "/charges", {"type": "FIXED", "unit_price": "9.5"})
    assert too_precise.status == 422 and "JPY" in too_precise.error["message"]
    meter = await _meter(org)
    await org.session.post(url + "/charges", {"type": "USAGE", "meter_id": meter["id"],
                                              "unit_price": 1})
    to_fixed = await org.session.patch(url, {"type": "FIXED"})
    assert to_fixed.status == 409 and to_fixed.error["field"] == "type"
    currency = await org.session.patch(url, {"currency": "USD"})
    assert currency.status == 409 and currency.error["field"] == "currency"
    unknown_feature = await org.session.patch(url, {"features": [
        {"feature_id": "00000000-0000-0000-0000-000000000000"}]})
    assert unknown_feature.status == 422
    assert unknown_feature.error["field"] == "features[0].feature_id"


async def test_each_feature_type_takes_its_own_fields_and_keeps_its_type(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    switch = await org.session.post("/api/v1/features", {"name": "SSO", "type": "SWITCH"})
    assert switch.status == 201 and switch.body["value"] is True
    custom = await org.session.post("/api/v1/features", {"name": "workspaces", "type": "CUSTOM",
                                                         "value": 5})
    assert custom.status == 201 and custom.body["value"] == 5
    for body, field in [({"name": "m", "type": "METER"}, "meter_id"),
                        ({"name": "c", "type": "CUSTOM"}, "value"),
                        ({"name": "s", "type": "SWITCH", "limit": 3}, "limit")]:
        reply = await org.session.post("/api/v1/features", body)
        assert reply.status == 422 and reply.error["field"] == field, reply.body
    changed = await org.session.patch(f"/api/v1/features/{custom.body['id']}", {"value": "ten"})
    assert changed.status == 200 and changed.body["value"] == "ten"
    retyped = await org.session.patch(f"/api/v1/features/{custom.body['id']}", {"type": "SWITCH"})
    assert retyped.status == 409


async def test_lists_paginate_with_a_cursor(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    names = [f"meter_{i}" for i in range(5)]
    for name in names:
        await _meter(org, name=name)
    seen, cursor = [], None
    while True:
        reply = await org.session.get("/api/v1/meters",
                                      params={"limit": "2", **({"cursor": cursor} if cursor else {})})
        seen += [m["name"] for m in reply.body["data"]]
        cursor = reply.body["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(names))
    bad = await org.session.get("/api/v1/meters", params={"cursor": "garbage"})
    assert bad.status == 422 and bad.error["field"] == "cursor"


async def test_every_change_is_published_with_the_full_state(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await _meter(org)
    plan = await org.session.post("/api/v1/plans", {
        "name": "Evented", "type": "USAGE", "interval": "week", "currency": "EUR"})
    charge = await org.session.post(f"/api/v1/plans/{plan.body['id']}/charges", {
        "type": "USAGE", "meter_id": meter["id"], "unit_price": "0.25"})
    await org.session.patch(f"/api/v1/plans/{plan.body['id']}/charges/{charge.body['id']}",
                            {"status": "INACTIVE"})
    namespace = platform.environment.namespace

    def ours(events: list[dict]) -> list[dict]:
        return [e for e in events if e["data"].get("id") == plan.body["id"]]

    events = await read_topic(platform.environment.kafka, f"{namespace}.catalog.plan.v1",
                              until=lambda evs: len(ours(evs)) == 3)
    created, added, updated = ours(events)
    assert [created["type"], added["type"], updated["type"]] == [
        "plan.created", "plan.charge_added", "plan.charge_updated"]
    assert added["data"]["charges"][0]["unit_price"] == "0.25"
    assert updated["data"]["charges"][0]["status"] == "INACTIVE"
    assert updated["data"]["version"] == 3 and updated["org_id"] == org.org_id
    meters = await read_topic(platform.environment.kafka, f"{namespace}.catalog.meter.v1",
                              until=lambda evs: any(e["data"]["id"] == meter["id"] for e in evs))
    assert any(e["type"] == "meter.created" and e["data"]["meter_token"] == meter["meter_token"]
               for e in meters)
