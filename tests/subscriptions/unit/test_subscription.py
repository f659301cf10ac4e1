"""The aggregate at its boundaries: trials, catch-up, cancellation, pauses and plan changes."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import uuid4

import pytest

from fluxrate_common.errors import Conflict
from fluxrate_subscriptions.domain.subscriptions import Subscription, start_subscription
from fluxrate_subscriptions.domain.transitions import Status

PLAN, OTHER = uuid4(), uuid4()


def at(y: int, m: int, d: int, h: int = 0) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def new(start: datetime, interval: str = "day", trial_end: datetime | None = None,
        end_date: datetime | None = None) -> Subscription:
    return start_subscription(uuid4(), uuid4(), uuid4(), PLAN, interval, start, trial_end,
                              end_date, start)


def run_until(sub: Subscription, now: datetime) -> tuple[Subscription, list]:
    changes = []
    while True:
        sub, more = sub.advance(now)
        if not more:
            return sub, changes
        changes += more


def test_a_backdated_daily_subscription_catches_up_one_period_at_a_time() -> None:
    sub, changes = run_until(new(at(2026, 3, 1)), at(2026, 3, 4, 12))
    ends = [c.period for c in changes if c.type == "period_ended"]
    assert [(p.start.day, p.end.day) for p in ends] == [(1, 2), (2, 3), (3, 4)]
    assert (sub.current_period_start, sub.current_period_end) == (at(2026, 3, 4), at(2026, 3, 5))
    assert all(p.data()["covered_days"] == 1 for p in ends)


def test_a_trial_ends_into_active_billing_anchored_at_its_end() -> None:
    sub, changes = run_until(new(at(2026, 1, 1), "month", trial_end=at(2026, 1, 15)), at(2026, 2, 20))
    assert [c.type for c in changes] == ["period_ended", "trial_ended", "period_ended"]
    assert changes[0].period.kind == "trial"
    assert sub.status == Status.ACTIVE
    assert (sub.current_period_start, sub.current_period_end) == (at(2026, 2, 15), at(2026, 3, 15))


def test_cancel_now_ends_a_partial_period() -> None:
    sub = new(at(2026, 4, 1), "month")
    canceled, changes = sub.cancel(at(2026, 4, 11), at_period_end=False)
    assert canceled.status == Status.CANCELED and canceled.next_boundary() is None
    period = changes[0].period.data()
    assert (period["covered_days"], period["period_days"]) == (Decimal(10), Decimal(30))
    with pytest.raises(Conflict):
        canceled.cancel(at(2026, 4, 12), at_period_end=False)


def test_cancel_at_period_end_and_end_dates() -> None:
    sub, _ = new(at(2026, 4, 1), "month").cancel(at(2026, 4, 5), at_period_end=True)
    sub, changes = run_until(sub, at(2026, 6, 1))
    assert [c.type for c in changes] == ["period_ended", "canceled"]
    assert sub.canceled_at == at(2026, 5, 1)
    ending, changes = run_until(new(at(2026, 4, 1), "month", end_date=at(2026, 4, 21)), at(2026, 6, 1))
    assert changes[0].period.reason == "end_date" and changes[0].period.end == at(2026, 4, 21)
    assert ending.status == Status.CANCELED


def test_paused_days_are_not_covered() -> None:
    sub = new(at(2026, 4, 1), "month")
    sub, _ = sub.pause(at(2026, 4, 11))
    sub, _ = sub.resume(at(2026, 4, 16))
    sub, changes = run_until(sub, at(2026, 5, 1))
    assert changes[0].period.data()["covered_days"] == Decimal(25)


def test_a_pause_across_the_boundary_counts_in_both_periods() -> None:
    sub, _ = new(at(2026, 4, 1), "month").pause(at(2026, 4, 21))
    sub, changes = run_until(sub, at(2026, 5, 6))
    assert changes[0].period.data()["covered_days"] == Decimal(20)
    sub, _ = sub.resume(at(2026, 5, 6))
    sub, changes = run_until(sub, at(2026, 6, 1))
    assert changes[0].period.data()["covered_days"] == Decimal(26)


def test_change_plan_now_emits_the_ended_part_with_its_days() -> None:
    sub = new(at(2026, 4, 1), "month")
    sub, changes = sub.change_plan(OTHER, "month", at(2026, 4, 11), at_period_end=False)
    old = changes[0].period
    assert old.plan_id == PLAN and old.data()["covered_days"] == Decimal(10)
    sub, changes = run_until(sub, at(2026, 5, 1))
    new_part = changes[0].period
    assert new_part.plan_id == OTHER and new_part.data()["covered_days"] == Decimal(20)
    assert new_part.data()["period_days"] == Decimal(30)


def test_change_plan_at_period_end() -> None:
    sub, _ = new(at(2026, 4, 1), "month").change_plan(OTHER, "month", at(2026, 4, 11), True)
    sub, changes = run_until(sub, at(2026, 5, 2))
    assert changes[0].period.plan_id == PLAN and sub.plan_id == OTHER
    assert [c.type for c in changes] == ["period_ended", "plan_changed"]


def test_past_due_and_back() -> None:
    sub = new(at(2026, 4, 1), "month")
    overdue, changes = sub.invoice_overdue(at(2026, 4, 20))
    assert overdue.status == Status.PAST_DUE and changes
    assert overdue.invoice_overdue(at(2026, 4, 21))[1] == []
    paid, _ = overdue.invoice_paid(at(2026, 4, 22))
    assert paid.status == Status.ACTIVE
