"""Proof: with the broker unreachable, ingest answers 503 (never 202); when it is back, ingest
recovers by itself, what was aggregated before stays exact and what is accepted after is
counted. The outage is a proxy cut: like a real one, it loses no data (killing the in-memory
broker would also forget every topic and offset - a different failure, proven elsewhere)."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from tests.support.api import Api, signup
from tests.support.broker_proxy import BrokerProxy
from tests.support.processes import eventually
from tests.support.services import start_services
from tests.support.stack import ServerStack
from tests.support.usage import usage_of

PERIOD = ("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")


def _event(i: int, quantity: int) -> dict:
    return {"meter_name": "calls", "customer_external_id": "c1", "quantity": quantity,
            "idempotency_key": f"outage-{i}", "timestamp": f"2026-11-{1 + i % 15:02d}T00:00:00Z"}


@pytest.mark.slow
async def test_ingest_refuses_while_the_broker_is_down_and_recovers(stack: ServerStack,
                                                                    tmp_path) -> None:
    broker = BrokerProxy.around_new_broker(tmp_path / "broker.log")
    environment = await stack.new_environment(
        FLUXRATE_KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers,
        FLUXRATE_INGEST_BACKFILL_DAYS="400", FLUXRATE_KAFKA_REQUEST_TIMEOUT_MS="3000")
    services = await start_services(environment, ["identity", "catalog", "subscriptions",
                                                  "ingest", "aggregator"], tmp_path)
    try:
        org = await signup(services.url_for)
        meter = await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
        await org.session.post("/api/v1/customers", {"external_id": "c1"})
        api = Api(services.url_for, api_key=await org.api_key("read", "write"))
        for i in range(30):
            assert (await api.post("/api/v1/usage", _event(i, 2))).status == 202

        async def total_is(expected: Decimal):
            async def check() -> bool:
                usage = await usage_of(org, "c1", meter.body["id"], *PERIOD)
                return usage is not None and Decimal(usage["value"]) == expected
            return check

        await eventually(await total_is(Decimal(60)), timeout=60)

        broker.cut()
        later = [_event(100 + i, 5) for i in range(10)]
        refusals = await asyncio.gather(*(api.post("/api/v1/usage", e) for e in later))
        batch = await api.post("/api/v1/usage/batch", {"events": later})
        for reply in [*refusals, batch]:
            assert reply.status == 503, reply.body
            assert reply.headers["Retry-After"] and reply.error["code"] == "broker_unavailable"
        usage_meanwhile = await usage_of(org, "c1", meter.body["id"], *PERIOD)
        assert Decimal(usage_meanwhile["value"]) == 60  # aggregated before: still exact

        broker.restore()

        async def accepted_again() -> bool:
            replies = await asyncio.gather(*(api.post("/api/v1/usage", e) for e in later))
            return all(r.status in (200, 202) for r in replies)

        await eventually(accepted_again, timeout=90, interval=1.0)
        await eventually(await total_is(Decimal(110)), timeout=90, interval=0.5)
    finally:
        services.stop()
        broker.stop()
