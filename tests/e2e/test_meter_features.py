"""Seed 000's first step in one form: a Meter feature defines its meter (name, type, unit,
aggregation, filters) and both are created together, or neither."""

from __future__ import annotations

from tests.support.api import signup
from tests.support.kafka import read_topic
from tests.support.platform import RunningPlatform

INLINE = {"name": "LLM tokens", "type": "METER", "limit": 1_000_000, "reset_period": "month",
          "meter": {"name": "llm_tokens", "aggregation": "SUM", "unit": "token",
                    "property": "tokens",
                    "filters": [{"property": "model", "operator": "in",
                                 "value": ["gpt", "claude"]}]}}


async def test_a_meter_feature_creates_its_meter_in_one_step(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    created = await org.session.post("/api/v1/features", INLINE)
    assert created.status == 201, created.body
    feature, meter = created.body, created.body["meter"]
    assert feature["type"] == "METER" and feature["limit"] == "1000000"
    assert meter["meter_name"] == "llm_tokens" and len(meter["meter_token"]) == 36
    assert meter["unit"] == "token" and meter["property"] == "tokens"
    assert meter["filters"] == INLINE["meter"]["filters"]
    assert feature["meter_id"] == meter["id"]
    assert (await org.session.get(f"/api/v1/meters/{meter['id']}")).body == meter
    shown = await org.session.get(f"/api/v1/features/{feature['id']}")
    assert shown.body["meter"]["meter_name"] == "llm_tokens"
    listed = await org.session.get("/api/v1/features")
    assert [f["meter"]["meter_token"] for f in listed.body["data"]] == [meter["meter_token"]]

    namespace = platform.environment.namespace
    meters = await read_topic(platform.environment.kafka, f"{namespace}.catalog.meter.v1",
                              until=lambda evs: any(e["data"]["id"] == meter["id"] for e in evs))
    assert any(e["type"] == "meter.created" and e["data"]["meter_token"] == meter["meter_token"]
               for e in meters)
    features = await read_topic(platform.environment.kafka, f"{namespace}.catalog.feature.v1",
                                until=lambda evs: any(e["data"]["id"] == feature["id"] for e in evs))
    assert any(e["type"] == "feature.created" and e["data"]["meter_id"] == meter["id"]
               for e in features)


async def test_an_inline_meter_is_created_with_its_feature_or_not_at_all(
        platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    await org.session.post("/api/v1/features", {"name": "Seats", "type": "SWITCH"})
    taken_feature_name = await org.session.post("/api/v1/features", {**INLINE, "name": "Seats"})
    assert taken_feature_name.status == 409 and taken_feature_name.error["field"] == "name"
    assert (await org.session.get("/api/v1/meters")).body["data"] == []  # rolled back with it

    first = await org.session.post("/api/v1/features", INLINE)
    assert first.status == 201
    taken_meter_name = await org.session.post("/api/v1/features", {**INLINE, "name": "Other"})
    assert taken_meter_name.status == 409 and taken_meter_name.error["field"] == "meter.name"
    assert len((await org.session.get("/api/v1/features")).body["data"]) == 2


async def test_inline_meter_errors_name_the_meter_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    existing = await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    meter = INLINE["meter"]
    cases = [
        ({**INLINE, "meter": {**meter, "aggregation": "AVG"}}, "meter.aggregation"),
        ({**INLINE, "meter": {**meter, "name": "bad name!"}}, "meter.name"),
        ({**INLINE, "meter": {"aggregation": "SUM"}}, "meter.name"),
        ({**INLINE, "meter": {**meter, "filters": [{"property": "p", "operator": "eq",
                                                    "value": [1]}]}}, "meter.filters[0].value"),
        ({**INLINE, "meter": {**meter, "unit": "x" * 51}}, "meter.unit"),
        ({**INLINE, "meter_id": existing.body["id"]}, "meter"),
        ({"name": "Flag", "type": "SWITCH", "meter": meter}, "meter"),
    ]
    for body, field in cases:
        reply = await org.session.post("/api/v1/features", body)
        assert reply.status == 422 and reply.error["field"] == field, (field, reply.body)
    assert [m["name"] for m in (await org.session.get("/api/v1/meters")).body["data"]] == ["calls"]
    assert (await org.session.get("/api/v1/features")).body["data"] == []
