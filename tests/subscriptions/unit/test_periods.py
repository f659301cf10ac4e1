from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fluxrate_subscriptions.domain.periods import boundary, days_between, period_containing


def at(y: int, m: int, d: int, h: int = 0) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


@pytest.mark.parametrize(("anchor", "interval", "n", "expected"), [
    (at(2026, 1, 31), "month", 1, at(2026, 2, 28)),
    (at(2026, 1, 31), "month", 2, at(2026, 3, 31)),  # from the anchor, not from Feb 28
    (at(2028, 1, 31), "month", 1, at(2028, 2, 29)),  # leap year
    (at(2026, 1, 30), "month", 1, at(2026, 2, 28)),
    (at(2026, 12, 15), "month", 1, at(2027, 1, 15)),
    (at(2028, 2, 29), "year", 1, at(2029, 2, 28)),
    (at(2028, 2, 29), "year", 4, at(2032, 2, 29)),
    (at(2026, 3, 1, 10), "day", 3, at(2026, 3, 4, 10)),
    (at(2026, 3, 1), "week", 2, at(2026, 3, 15)),
])
def test_boundaries_follow_the_calendar(anchor: datetime, interval: str, n: int,
                                        expected: datetime) -> None:
    assert boundary(anchor, interval, n) == expected


def test_the_period_holding_a_moment_follows_the_calendar() -> None:
    n, start, end = period_containing(at(2026, 1, 31), "month", at(2026, 3, 5))
    assert (n, start, end) == (1, at(2026, 2, 28), at(2026, 3, 31))


def test_part_days_count_as_fractions_of_a_day() -> None:
    assert str(days_between(at(2026, 1, 1), at(2026, 1, 1, 12))) == "0.5"


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
       st.sampled_from(["day", "week", "month", "year"]), st.integers(0, 200))
def test_periods_tile_time_without_gaps(anchor: datetime, interval: str, n: int) -> None:
    anchor = anchor.replace(tzinfo=UTC)
    start, end = boundary(anchor, interval, n), boundary(anchor, interval, n + 1)
    assert start < end
    found = period_containing(anchor, interval, start)
    assert found == (n, start, end)
