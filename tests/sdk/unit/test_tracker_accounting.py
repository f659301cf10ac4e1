"""What a batch's answer means for each event; keys made once; the entitlement cache."""

from __future__ import annotations

import pytest

from fluxrate import APIConnectionError, ServiceUnavailableError, UnprocessableEntityError
from fluxrate._cache import TTLCache
from fluxrate.tracking import TrackerOptions, TrackerStats
from fluxrate.tracking.batches import account, batch_is_retryable, not_sent
from fluxrate.tracking.events import any_event, track_event


def test_each_result_is_counted_and_refusals_name_their_event() -> None:
    batch = [track_event("t", f"c{i}", 1, None, None, None) for i in range(3)]
    stats = TrackerStats()
    failures = account(batch, {"results": [
        {"index": 0, "status": "accepted"}, {"index": 1, "status": "duplicate"},
        {"index": 2, "status": "rejected", "error": {"code": "unknown_customer", "message": "no",
                                                     "field": "events[2].customer_external_id"}}]},
        stats)
    assert (stats.accepted, stats.duplicates, stats.rejected) == (1, 1, 1)
    assert failures[0].event is batch[2] and failures[0].code == "unknown_customer"
    assert [f.code for f in not_sent(batch, stats)] == ["not_sent"] * 3 and stats.failed == 3


def test_events_get_one_key_and_a_timestamp_when_tracked() -> None:
    event = track_event("t", "c", 2, None, None, {"region": "eu"})
    assert event["idempotency_key"].startswith("sdk_") and event["timestamp"].endswith("+00:00")
    mine = any_event({"meter_name": "m", "idempotency_key": "mine", "quantity": None})
    assert mine["idempotency_key"] == "mine" and "quantity" not in mine and mine["timestamp"]
    assert any_event({"meter_name": "m"})["idempotency_key"] != any_event({"meter_name": "m"})[
        "idempotency_key"]


def test_only_failures_that_did_nothing_or_may_be_repeated_are_retried() -> None:
    assert batch_is_retryable(APIConnectionError("reset"))
    assert batch_is_retryable(ServiceUnavailableError("down", status_code=503))
    assert not batch_is_retryable(UnprocessableEntityError("bad", status_code=422))


def test_bad_tracker_options_are_refused_naming_them() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        TrackerOptions(batch_size=1001)
    with pytest.raises(ValueError, match="when_full"):
        TrackerOptions(when_full="spill")


def test_the_cache_forgets_after_its_ttl_and_stays_bounded() -> None:
    now = [0.0]
    cache = TTLCache(max_entries=2, clock=lambda: now[0])
    cache.put("a", 1, ttl=1.0)
    assert cache.get("a") == 1
    now[0] = 1.5
    assert cache.get("a") is None
    for key in "bcd":
        cache.put(key, key, ttl=10)
    assert cache.get("b") is None and cache.get("d") == "d"
