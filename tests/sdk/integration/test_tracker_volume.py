"""100,000 events through the tracker into the real stack: every total exact, nothing lost,
nothing counted twice."""

from __future__ import annotations

import time
from decimal import Decimal

from fluxrate import Fluxrate
from tests.sdk.support import around_now, wait_for

EVENTS = 100_000
CUSTOMERS = 50


def test_a_hundred_thousand_tracked_events_all_counted_exactly_once(client: Fluxrate) -> None:
    meter = client.meters.create(name="calls", aggregation="SUM")
    customers = [client.customers.upsert(f"vol_{n}") for n in range(CUSTOMERS)]
    expected = {str(c.id): Decimal(0) for c in customers}
    token = str(meter.meter_token)
    started = time.perf_counter()
    with client.usage.tracker(close_timeout=240) as tracker:  # a busy machine is slow
        for i in range(EVENTS):
            quantity = 1 + i % 3
            tracker.track(meter_token=token, customer_external_id=f"vol_{i % CUSTOMERS}",
                          quantity=quantity)
            expected[str(customers[i % CUSTOMERS].id)] += quantity
    sent = time.perf_counter() - started
    assert (tracker.stats.accepted, tracker.stats.duplicates) == (EVENTS, 0)
    assert tracker.stats.rejected == tracker.stats.failed == tracker.stats.dropped == 0
    assert tracker.stats.batches >= EVENTS // 1000

    period = around_now()
    questions = [{"customer_id": cid, **period} for cid in expected]

    def totals() -> dict[str, Decimal]:
        answers = client.usage.query(questions)
        return {a["customer_id"]: sum((Decimal(m["value"]) for m in a["data"]), Decimal(0))
                for a in answers}

    wait_for(lambda: totals() == expected, timeout=120, interval=0.5)
    print(f"\n{EVENTS:,} events tracked and sent in {sent:.1f} s ({EVENTS / sent:,.0f} events/s)")
