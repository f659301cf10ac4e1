"""Usage through the blocking client: every way to send events, each keyed so a retry is a
duplicate; what the API bills for them; the log; many period questions at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from fluxrate import Fluxrate
from fluxrate.models import UsageAccepted, UsageBatchResult, UsageEvent, UsageReport
from tests.sdk.support import around_now, total, wait_for


def test_track_record_and_batch_with_keys_that_make_repeats_duplicates(client: Fluxrate) -> None:
    meter = client.meters.create(name="api_calls", aggregation="SUM")
    customer = client.customers.upsert("user_123")
    first = client.usage.track(meter_token=str(meter.meter_token), customer_external_id="user_123",
                               quantity=1, idempotency_key="req_1")
    assert isinstance(first, UsageAccepted) and first.status == "accepted"
    repeat = client.usage.track(meter_token=str(meter.meter_token),
                                customer_external_id="user_123", quantity=1, idempotency_key="req_1")
    assert repeat.status == "duplicate"
    made_up = client.usage.track(meter_token=str(meter.meter_token),
                                 customer_external_id="user_123", quantity=Decimal("2.5"))
    assert made_up.status == "accepted" and made_up.idempotency_key.startswith("sdk_")
    recorded = client.usage.record(meter_name="api_calls", customer_id=str(customer.id),
                                   properties={"quantity": 4},
                                   timestamp=datetime.now(UTC) - timedelta(hours=1))
    assert recorded.status == "accepted"
    batch = client.usage.batch([
        {"meter_id": str(meter.id), "customer_external_id": "user_123", "quantity": 10},
        {"meter_name": "api_calls", "customer_external_id": "nobody", "quantity": 1},
        {"meter_name": "api_calls", "customer_external_id": "user_123", "quantity": 1,
         "idempotency_key": "req_1"}])
    assert isinstance(batch, UsageBatchResult)
    assert (batch.accepted, batch.rejected, batch.duplicates) == (1, 1, 1)
    assert batch.results[1].error["field"] == "events[1].customer_external_id"
    period = around_now()
    wait_for(lambda: total(client, "user_123", str(meter.id), period) == Decimal("17.5"))
    usage = client.usage.get(customer_external_id="user_123", meter_id=str(meter.id),
                             window="day", **period)
    assert isinstance(usage, UsageReport) and usage.data[0].events == 4
    assert sum(Decimal(w.value) for w in usage.data[0].windows) == Decimal("17.5")

    log = client.usage.events(customer_external_id="user_123", limit=2).to_list()
    assert len(log) == 4 and all(isinstance(e, UsageEvent) for e in log)
    assert {"req_1", made_up.idempotency_key} <= {e.idempotency_key for e in log}
    answers = client.usage.query([{"customer_id": str(customer.id), **period}])
    assert Decimal(answers[0]["data"][0]["value"]) == Decimal("17.5")


def test_the_blocking_tracker_sends_in_the_background_and_reports_refusals(client: Fluxrate) -> None:
    meter = client.meters.create(name="calls", aggregation="SUM")
    client.customers.upsert("t1")
    refused = []
    stamp = datetime.now(UTC)
    with client.usage.tracker(flush_interval=0.05, on_error=refused.append) as tracker:
        keys = [tracker.track(meter_token=str(meter.meter_token), customer_external_id="t1",
                              quantity=2) for _ in range(250)]
        for _ in range(2):  # the same event twice: the second is a duplicate, not counted
            tracker.track(meter_token=str(meter.meter_token), customer_external_id="t1", quantity=2,
                          idempotency_key="again", timestamp=stamp)
        tracker.record(meter_name="calls", customer_external_id="t1", quantity=5,
                       idempotency_key=keys[0])  # another event under a used key: refused
        tracker.track(meter_token=str(meter.meter_token), customer_external_id="ghost", quantity=1)
        assert tracker.flush(timeout=30)
        assert tracker.stats.accepted == 251 and tracker.stats.duplicates == 1
    assert len(set(keys)) == 250
    reused, ghost = sorted(refused, key=lambda error: error.code)
    assert reused.code == "idempotency_key_reused" and reused.field.endswith(".idempotency_key")
    assert ghost.code == "unknown_customer" and ghost.field.endswith(".customer_external_id")
    assert ghost.event["customer_external_id"] == "ghost"
    assert tracker.stats.rejected == 2 and tracker.stats.failed == 0
    wait_for(lambda: total(client, "t1", str(meter.id), around_now()) == 502)
