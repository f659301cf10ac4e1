"""Scale-out: two ingest processes and two aggregator consumers on the same broker and database
share the work — each aggregator stores part of the events, each ingest accepts part of them —
and every total is exact, every event stored once."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import aiohttp
import asyncpg
import pytest

from tests.support.api import Api, signup
from tests.support.processes import eventually
from tests.support.services import start_services
from tests.support.stack import ServerStack

EVENTS, BATCH, CUSTOMERS = 6_000, 100, 24
INGESTS, AGGREGATORS = ("ingest", "ingest#2"), ("aggregator", "aggregator#2")
_APPLIED = re.compile(r'^fluxrate_consumer_records_total\{[^}]*group="usage"[^}]*outcome="applied"'
                      r'[^}]*\} ([0-9.e+]+)$', re.MULTILINE)


def _batches() -> tuple[list[list[dict]], dict[str, Decimal]]:
    events, totals = [], Counter()
    for i in range(EVENTS):
        customer, quantity = f"c{i % CUSTOMERS}", Decimal(1 + i % 9)
        totals[customer] += quantity
        events.append({"meter_name": "calls", "customer_external_id": customer,
                       "quantity": str(quantity), "idempotency_key": f"scale-{i}"})
    return [events[i:i + BATCH] for i in range(0, EVENTS, BATCH)], dict(totals)


async def _applied(http: aiohttp.ClientSession, url: str) -> int:
    async with http.get(f"{url}/metrics") as reply:
        return int(sum(float(v) for v in _APPLIED.findall(await reply.text())))


@pytest.mark.slow
async def test_two_ingests_and_two_aggregators_share_the_work_exactly(stack: ServerStack,
                                                                      tmp_path) -> None:
    environment = await stack.new_environment()
    services = await start_services(environment, ["identity", "catalog", "subscriptions",
                                                  *INGESTS, *AGGREGATORS], tmp_path)
    try:
        org = await signup(services.url_for)
        await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
        for n in range(CUSTOMERS):
            await org.session.post("/api/v1/customers", {"external_id": f"c{n}"})
        key = await org.api_key("read", "write")
        batches, expected = _batches()
        accepted = Counter()
        async with aiohttp.ClientSession(headers={"X-API-Key": key}) as http:
            async def post(n: int, batch: list[dict]) -> None:
                ingest = INGESTS[n % len(INGESTS)]  # a load balancer's round robin
                async with http.post(f"{services[ingest].url}/api/v1/usage/batch",
                                     json={"events": batch}) as reply:
                    body = await reply.json()
                    assert reply.status == 200, body
                    accepted[ingest] += body["accepted"]

            for start in range(0, len(batches), 8):
                await asyncio.gather(*(post(start + n, b)
                                       for n, b in enumerate(batches[start:start + 8])))
            assert accepted == {name: EVENTS // 2 for name in INGESTS}

            conn = await asyncpg.connect(environment.database_url)
            try:
                async def all_stored() -> bool:
                    return await conn.fetchval("SELECT count(*) FROM aggregator.usage_events") == EVENTS

                await eventually(all_stored, timeout=120, interval=0.2)
                assert await conn.fetchval("SELECT sum(count) FROM aggregator.usage_rollups") == EVENTS
                assert await conn.fetchval("SELECT count(*) FROM aggregator.dead_letters") == 0
            finally:
                await conn.close()
            shares = [await _applied(http, services[name].url) for name in AGGREGATORS]
        assert sum(shares) == EVENTS and all(share > 0 for share in shares), shares

        reader = Api(services.url_for, api_key=key)
        span = {"from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
                "to": (datetime.now(UTC) + timedelta(days=1)).isoformat()}
        for customer, total in expected.items():
            reply = await reader.get("/api/v1/usage",
                                     params={"customer_external_id": customer, **span})
            assert reply.status == 200 and Decimal(reply.body["data"][0]["value"]) == total
    finally:
        services.stop()
