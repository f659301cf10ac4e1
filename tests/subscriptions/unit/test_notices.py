"""Notices ahead of events: a trial's end three days before it (once), and a metered feature's
80 % and 100 % thresholds."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from fluxrate_subscriptions.domain.limits import reached, remaining
from fluxrate_subscriptions.domain.subscriptions import TRIAL_ENDING_NOTICE
from tests.subscriptions.unit.test_subscription import at, new, run_until


def test_a_long_trial_is_noticed_three_days_before_it_ends_then_ends() -> None:
    sub = new(at(2026, 1, 1), "month", trial_end=at(2026, 1, 15))
    assert sub.next_action_at() == at(2026, 1, 12) == sub.trial_end - TRIAL_ENDING_NOTICE
    assert run_until(sub, at(2026, 1, 11, 23))[1] == []
    noticed, changes = run_until(sub, at(2026, 1, 12, 1))
    assert [c.type for c in changes] == ["trial_ending"]
    assert noticed.trial_ending_noticed and noticed.next_action_at() == at(2026, 1, 15)
    assert run_until(noticed, at(2026, 1, 13))[1] == []  # once
    _, later = run_until(noticed, at(2026, 1, 16))
    assert [c.type for c in later] == ["period_ended", "trial_ended"]


def test_a_trial_shorter_than_the_notice_is_noticed_when_it_starts() -> None:
    sub = new(at(2026, 1, 1), "day", trial_end=at(2026, 1, 3))
    assert sub.next_action_at() == at(2026, 1, 1)
    _, changes = run_until(sub, at(2026, 1, 1, 0) + timedelta(seconds=1))
    assert [c.type for c in changes] == ["trial_ending"]


def test_a_trial_already_over_is_not_noticed_on_catch_up() -> None:
    _, changes = run_until(new(at(2026, 1, 1), "day", trial_end=at(2026, 1, 2)), at(2026, 1, 5))
    assert "trial_ending" not in [c.type for c in changes]
    assert [c.type for c in changes][:2] == ["period_ended", "trial_ended"]


def test_no_notice_without_a_trial_or_once_canceled() -> None:
    assert new(at(2026, 1, 1), "month").next_action_at() == at(2026, 2, 1)
    sub = new(at(2026, 1, 1), "month", trial_end=at(2026, 1, 15))
    canceled, _ = sub.cancel(at(2026, 1, 5), at_period_end=False)
    assert canceled.next_action_at() is None


@pytest.mark.parametrize(("limit", "usage", "expected"), [
    ("10", "7.99", []), ("10", "8", [80]), ("10", "9.5", [80]), ("10", "10", [80, 100]),
    ("10", "250", [80, 100]), ("0.000000000001", "0.0000000000008", [80]), ("0", "5", []),
    ("1000000000000000000", "800000000000000000", [80]),
])
def test_thresholds_reached_exactly(limit: str, usage: str, expected: list[int]) -> None:
    assert reached(Decimal(limit), Decimal(usage)) == expected


def test_what_remains_never_goes_below_zero() -> None:
    assert remaining(Decimal(10), Decimal(4)) == 6
    assert remaining(Decimal(10), Decimal(12)) == 0
