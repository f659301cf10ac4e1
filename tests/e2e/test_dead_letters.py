"""Poison isolation and repair: a record the aggregator cannot store (put on the bus as a buggy
or hostile producer would, past ingest's bounds) is parked alone, everything around it and
every other org is counted, and the operator API lists, inspects, replays and discards it."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import orjson
from aiokafka import AIOKafkaProducer

from tests.support.api import Api, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.stack import OPERATOR_TOKEN
from tests.support.usage import customer, meter, usage_of

PERIOD = ("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
DEAD_LETTERS = "/api/v1/operator/aggregator/dead-letters"


def _event(customer_id: str, meter_id: str, key: str, properties: dict) -> dict:
    now = datetime.now(UTC).isoformat()
    return {"id": str(uuid4()), "customer_id": customer_id, "meter_id": meter_id,
            "aggregation": "SUM", "idempotency_key": key, "timestamp": "2026-01-10T00:00:00+00:00",
            "value": "1", "unique_value": None, "properties": properties, "received_at": now}


async def _publish(platform: RunningPlatform, org_id: str, events: list[dict]) -> None:
    topic = f"{platform.environment.namespace}.ingest.usage.v1"
    producer = AIOKafkaProducer(bootstrap_servers=platform.environment.kafka,
                                enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(topic, orjson.dumps({
            "id": str(uuid4()), "type": "usage.recorded", "schema_version": 1, "org_id": org_id,
            "occurred_at": datetime.now(UTC).isoformat(), "data": {"events": events}}), partition=0)
    finally:
        await producer.stop()


async def test_a_poison_event_is_parked_alone_and_repaired_by_an_operator(
        platform: RunningPlatform) -> None:
    hostile, bystander = await signup(platform.url), await signup(platform.url)
    calls = await meter(hostile, "calls")
    c1 = await customer(hostile, "c1")
    other_calls = await meter(bystander, "calls")
    await customer(bystander, "b1")
    poison = _event(c1["id"], calls["id"], "poison", {"p": "a\u0000b"})  # PostgreSQL refuses it
    await _publish(platform, hostile.org_id, [
        _event(c1["id"], calls["id"], "fine-1", {}), poison, _event(c1["id"], calls["id"], "fine-2", {})])
    api = bystander.session.with_key(await bystander.api_key("write", "read"))
    reply = await api.post("/api/v1/usage", {"meter_name": "calls", "customer_external_id": "b1",
                                             "quantity": 5, "timestamp": "2026-01-10T00:00:00Z"})
    assert reply.status == 202, reply.body

    async def counted(org, customer_id: str, meter_id: str, value: str):
        async def check() -> bool:
            usage = await usage_of(org, customer_id, meter_id, *PERIOD)
            return usage is not None and usage["value"] == value
        return check

    await eventually(await counted(bystander, "b1", other_calls["id"], "5"))
    await eventually(await counted(hostile, "c1", calls["id"], "2"))  # the poison's neighbours

    operator = Api(platform.url)
    headers = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
    assert (await operator.get(DEAD_LETTERS)).status == 401
    assert (await operator.get(DEAD_LETTERS, headers={"Authorization": "Bearer wrong"})).status == 401

    async def parked() -> list:
        listed = await operator.get(DEAD_LETTERS, params={"consumer": "usage"}, headers=headers)
        return [d for d in listed.body["data"] if d["org_id"] == hostile.org_id]

    (letter,) = await eventually(parked)
    assert "Unicode" in letter["error"], letter  # PostgreSQL's refusal of the NUL
    whole = await operator.get(f"{DEAD_LETTERS}/{letter['id']}", headers=headers)
    assert orjson.loads(whole.body["value"])["data"]["events"][0]["idempotency_key"] == "poison"
    again = await operator.post(f"{DEAD_LETTERS}/{letter['id']}/replay", headers=headers)
    assert again.status == 422 and again.error["code"] == "replay_failed", again.body
    discarded = await operator.post(f"{DEAD_LETTERS}/{letter['id']}/discard", headers=headers)
    assert discarded.status == 200 and discarded.body["resolution"] == "discarded"
    assert not await parked()
    twice = await operator.post(f"{DEAD_LETTERS}/{letter['id']}/discard", headers=headers)
    assert twice.status == 409
