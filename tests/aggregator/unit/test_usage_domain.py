from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxrate_aggregator.domain.periods import plan_range
from fluxrate_aggregator.domain.usage import decode_message, hour_of, passes_filters
from fluxrate_common.aggregations import usage_value


@pytest.mark.parametrize(("filters", "properties", "passes"), [
    ([], {}, True),
    ([{"property": "region", "operator": "eq", "value": "eu"}], {"region": "eu"}, True),
    ([{"property": "region", "operator": "eq", "value": "eu"}], {"region": "us"}, False),
    ([{"property": "region", "operator": "eq", "value": "eu"}], {}, False),
    ([{"property": "tier", "operator": "in", "value": [1, 2]}], {"tier": "2"}, True),
    ([{"property": "n", "operator": "eq", "value": "10"}], {"n": 10.0}, True),
    ([{"property": "a", "operator": "eq", "value": 1},
      {"property": "b", "operator": "eq", "value": True}], {"a": 1, "b": False}, False),
])
def test_an_event_counts_only_when_every_filter_holds(filters: list, properties: dict, passes: bool) -> None:
    assert passes_filters(filters, properties) is passes


@pytest.mark.parametrize(("aggregation", "expected"), [
    ("SUM", Decimal(9)), ("COUNT", Decimal(3)), ("MAX", Decimal(5)), ("LAST", Decimal(1)),
    ("UNIQUE_COUNT", Decimal(2)),
])
def test_each_aggregation_bills_its_figure_and_zero_without_events(
        aggregation: str, expected: Decimal) -> None:
    assert usage_value(aggregation, Decimal(9), 3, Decimal(5), Decimal(1), 2) == expected
    assert usage_value(aggregation, None, None, None, None, None) == 0


def message(*events: dict) -> bytes:
    return orjson.dumps({"org_id": "00000000-0000-7000-8000-000000000009", "data": {"events": [
        {"id": f"00000000-0000-7000-8000-00000000000{i}", "customer_id": "c", "meter_id": "m",
         "aggregation": "LAST", "idempotency_key": f"k{i}", "received_at": "2026-01-01T00:00:00Z",
         **e} for i, e in enumerate(events)]}})


def test_a_malformed_message_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="malformed"):
        decode_message(b'{"org_id": "x"}')
    for value in ("abc", "NaN", "Infinity", {"n": 1}):
        with pytest.raises(ValueError, match="malformed"):
            decode_message(message({"timestamp": "2026-01-01T10:00:00Z", "value": value}))


moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1))


@given(moments, st.integers(1, 10**7))
def test_whole_hours_and_edges_cover_the_range_exactly(start: datetime, seconds: int) -> None:
    start = start.replace(tzinfo=UTC)
    end = start + timedelta(seconds=seconds)
    plan = plan_range(start, end)
    (b0, b1), ((r0, r1), (r2, r3)) = plan.buckets, plan.raw
    assert hour_of(b0) == b0 and hour_of(b1) == b1 and b0 <= b1
    pieces = sorted(p for p in [(r0, r1), (b0, b1), (r2, r3)] if p[0] < p[1])
    assert pieces[0][0] == start and pieces[-1][1] == end
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))
