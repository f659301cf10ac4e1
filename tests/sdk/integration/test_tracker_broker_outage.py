"""Proof: the tracker rides out a broker outage. Kafka is unreachable for 5 s (a proxy cut,
which like a real outage loses no data) while events keep being tracked; ingest answers 503
(nothing accepted), the tracker retries the same batches with the same keys, and once the
broker is back every total is exact: nothing lost, nothing counted twice."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from fluxrate import Fluxrate
from tests.sdk.support import around_now, total, wait_for
from tests.support.api import signup
from tests.support.broker_proxy import BrokerProxy
from tests.support.platform import start_platform
from tests.support.stack import ServerStack

CUSTOMERS = 10
OUTAGE_SECONDS = 5.0


def _track_paced(tracker, token: str, expected: dict[str, Decimal], count: int) -> int:
    """`count` events at a steady pace (≈ 5,000/s), so the run spans the outage."""
    for start in range(0, count, 250):
        for i in range(start, min(count, start + 250)):
            customer, quantity = f"c{i % CUSTOMERS}", 1 + i % 4
            tracker.track(meter_token=token, customer_external_id=customer, quantity=quantity)
            expected[customer] += quantity
        time.sleep(0.05)
    return count


@pytest.mark.slow
async def test_tracker_retries_through_a_broker_outage_and_totals_stay_exact(
        stack: ServerStack, tmp_path) -> None:
    broker = BrokerProxy.around_new_broker(tmp_path / "broker.log")
    environment = await stack.new_environment(
        FLUXRATE_KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers,
        FLUXRATE_KAFKA_REQUEST_TIMEOUT_MS="3000")
    platform = await start_platform(environment, tmp_path)
    try:
        org = await signup(platform.url)
        key = await org.api_key("read", "write")
        with Fluxrate(api_key=key, base_url=platform.url) as client:
            meter = client.meters.create(name="calls", aggregation="SUM")
            for n in range(CUSTOMERS):
                client.customers.upsert(f"c{n}")
            expected = {f"c{n}": Decimal(0) for n in range(CUSTOMERS)}
            token = str(meter.meter_token)
            with client.usage.tracker(flush_interval=0.1, close_timeout=180) as tracker:
                events = _track_paced(tracker, token, expected, 10_000)
                wait_for(lambda: tracker.stats.accepted >= 5_000, timeout=60)
                broker.cut()
                outage_started = time.monotonic()
                while time.monotonic() - outage_started < OUTAGE_SECONDS:
                    events += _track_paced(tracker, token, expected, 1_000)
                broker.restore()
                events += _track_paced(tracker, token, expected, 10_000)
            stats = tracker.stats
            assert stats.retries > 0, "the outage never reached the tracker"
            assert stats.failed == stats.rejected == stats.dropped == 0
            assert stats.accepted + stats.duplicates == events
            period = around_now()

            def totals() -> dict[str, Decimal]:
                return {c: total(client, c, str(meter.id), period) for c in expected}

            try:
                wait_for(lambda: totals() == expected, timeout=120, interval=1.0)
            except AssertionError:
                stored = sum(client.usage.get(customer_external_id=c, **period).data[0].events
                             for c in expected)
                assert totals() == expected, (f"{events:,} events tracked, {stored:,} aggregated; "
                                              f"tracker: {stats}")
            print(f"\n{events:,} events, {stats.retries} batch retries, "
                  f"{stats.duplicates} answered duplicate after a retry")
    finally:
        platform.process.stop()
        broker.stop()
