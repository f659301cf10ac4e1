"""The subscription aggregate: its periods on the calendar, its status, and what happens at
each boundary (period end, trial end, end date, cancellation, plan change). Pure: `now` is an
argument, and every change returns the new state plus the events it caused."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from fluxrate_common.errors import Conflict
from fluxrate_common.events import EventType
from fluxrate_common.events.subscriptions import (
    SUBSCRIPTION_CANCEL_SCHEDULED,
    SUBSCRIPTION_CANCELED,
    SUBSCRIPTION_PAST_DUE,
    SUBSCRIPTION_PAUSED,
    SUBSCRIPTION_PERIOD_ENDED,
    SUBSCRIPTION_PLAN_CHANGE_SCHEDULED,
    SUBSCRIPTION_PLAN_CHANGED,
    SUBSCRIPTION_REACTIVATED,
    SUBSCRIPTION_RESUMED,
    SUBSCRIPTION_TRIAL_ENDED,
    SUBSCRIPTION_TRIAL_ENDING,
)
from fluxrate_subscriptions.domain.periods import boundary, days_between, period_containing
from fluxrate_subscriptions.domain.transitions import Status, Trigger, next_status

TRIAL_PERIOD = -1
TRIAL_ENDING_NOTICE = timedelta(days=3)  # how long before a trial ends its customer is told


@dataclass(frozen=True)
class PeriodEnded:
    """A stretch of a period that is over and can be billed."""

    plan_id: UUID
    start: datetime  # when this plan's part of the period began
    end: datetime
    full_start: datetime  # the whole billing period, for proration
    full_end: datetime
    paused_seconds: int
    kind: str  # "trial" | "regular" | "partial"
    reason: str  # "period_end" | "trial_end" | "canceled" | "plan_change" | "end_date"
    index: int

    def data(self) -> dict[str, Any]:
        period_days = days_between(self.full_start, self.full_end)
        paused_days = Decimal(self.paused_seconds) / Decimal(86400)
        return {"start": self.start, "end": self.end, "full_start": self.full_start,
                "full_end": self.full_end, "period_days": period_days,
                "covered_days": max(days_between(self.start, self.end) - paused_days, Decimal(0)),
                "paused_days": paused_days, "kind": self.kind, "reason": self.reason,
                "index": self.index}


@dataclass(frozen=True)
class Change:
    event: EventType[Any]  # one of the subscription events the catalogue declares
    period: PeriodEnded | None = None

    @property
    def type(self) -> str:
        """The verb: paused, period_ended, ..."""
        return self.event.name.removeprefix("subscription.")


@dataclass(frozen=True)
class Subscription:
    id: UUID
    org_id: UUID
    customer_id: UUID
    plan_id: UUID
    interval: str
    status: Status
    started_at: datetime
    trial_end: datetime | None
    end_date: datetime | None
    anchor: datetime  # billing periods count from here: the start, or the trial's end
    period_index: int  # TRIAL_PERIOD during the trial
    current_period_start: datetime
    current_period_end: datetime
    segment_start: datetime  # start of the current plan's part of the period
    created_at: datetime
    updated_at: datetime
    cancel_at_period_end: bool = False
    pending_plan_id: UUID | None = None
    paused_at: datetime | None = None
    paused_seconds: int = 0
    canceled_at: datetime | None = None
    trial_ending_noticed: bool = False
    version: int = 1

    # -- boundaries ----------------------------------------------------------------------

    def next_boundary(self) -> datetime | None:
        if self.status == Status.CANCELED:
            return None
        if self.end_date is not None and self.end_date < self.current_period_end:
            return self.end_date
        return self.current_period_end

    def next_action_at(self) -> datetime | None:
        """When the scheduler must look at it next: a boundary, or the trial's notice."""
        at = self.next_boundary()
        notice = self._trial_notice_at()
        return at if notice is None or at is None else min(at, notice)

    def _trial_notice_at(self) -> datetime | None:
        if self.status != Status.TRIAL or self.trial_end is None or self.trial_ending_noticed:
            return None
        return max(self.started_at, self.trial_end - TRIAL_ENDING_NOTICE)

    def advance(self, now: datetime) -> tuple[Subscription, list[Change]]:
        """The trial's notice if it is due, else pass the next boundary if it is due;
        (self, []) when nothing is due."""
        notice = self._trial_notice_at()
        if notice is not None and notice <= now < self.trial_end:
            return replace(self, trial_ending_noticed=True), [Change(SUBSCRIPTION_TRIAL_ENDING)]
        at = self.next_boundary()
        if at is None or at > now:
            return self, []
        ending = self.cancel_at_period_end or (self.end_date is not None and self.end_date <= at)
        kind = "trial" if self.status == Status.TRIAL else "regular"
        reason = "trial_end" if kind == "trial" else ("end_date" if self.end_date == at else "period_end")
        changes = [Change(SUBSCRIPTION_PERIOD_ENDED, self._ended(at, kind, reason))]
        if ending:
            ended = self._bump(at, status=Status.CANCELED, canceled_at=at, paused_at=None,
                               paused_seconds=0, segment_start=at)
            return ended, [*changes, Change(SUBSCRIPTION_CANCELED)]
        if self.status == Status.TRIAL:
            status = next_status(self.status, Trigger.TRIAL_ENDED)
            renewed = self._bump(at, status=status, anchor=at, period_index=0,
                                 current_period_start=at, current_period_end=boundary(at, self.interval, 1),
                                 segment_start=at, paused_seconds=0)
            return renewed, [*changes, Change(SUBSCRIPTION_TRIAL_ENDED)]
        return self._next_period(at, changes)

    def _next_period(self, at: datetime, changes: list[Change]) -> tuple[Subscription, list[Change]]:
        subscription = self._bump(at, segment_start=at, paused_seconds=0,
                                  paused_at=at if self.paused_at is not None else None)
        if self.pending_plan_id is not None:
            subscription = replace(subscription, plan_id=self.pending_plan_id, pending_plan_id=None)
            changes.append(Change(SUBSCRIPTION_PLAN_CHANGED))
        n = self.period_index + 1
        subscription = replace(subscription, period_index=n,
                               current_period_start=boundary(self.anchor, self.interval, n),
                               current_period_end=boundary(self.anchor, self.interval, n + 1))
        return subscription, changes

    def _ended(self, end: datetime, kind: str, reason: str) -> PeriodEnded:
        paused = self.paused_seconds
        if self.paused_at is not None:
            paused += int((end - max(self.paused_at, self.segment_start)).total_seconds())
        return PeriodEnded(self.plan_id, self.segment_start, end, self.current_period_start,
                           self.current_period_end, paused, kind, reason, self.period_index)

    # -- commands ------------------------------------------------------------------------

    def pause(self, now: datetime) -> tuple[Subscription, list[Change]]:
        status = next_status(self.status, Trigger.PAUSE)
        return self._bump(now, status=status, paused_at=now), [Change(SUBSCRIPTION_PAUSED)]

    def resume(self, now: datetime) -> tuple[Subscription, list[Change]]:
        status = next_status(self.status, Trigger.RESUME)
        paused = self.paused_seconds + int((now - max(self.paused_at or now, self.segment_start))
                                           .total_seconds())
        resumed = self._bump(now, status=status, paused_at=None, paused_seconds=paused)
        return resumed, [Change(SUBSCRIPTION_RESUMED)]

    def cancel(self, now: datetime, at_period_end: bool) -> tuple[Subscription, list[Change]]:
        next_status(self.status, Trigger.CANCEL)  # refuses a canceled subscription
        if at_period_end:
            if self.cancel_at_period_end:
                return self, []
            return self._bump(now, cancel_at_period_end=True), [Change(SUBSCRIPTION_CANCEL_SCHEDULED)]
        kind = "trial" if self.status == Status.TRIAL else "partial"
        period = self._ended(now, kind, "canceled")
        canceled = self._bump(now, status=Status.CANCELED, canceled_at=now, paused_at=None,
                              paused_seconds=0, segment_start=now)
        return canceled, [Change(SUBSCRIPTION_PERIOD_ENDED, period), Change(SUBSCRIPTION_CANCELED)]

    def change_plan(self, plan_id: UUID, interval: str, now: datetime,
                    at_period_end: bool) -> tuple[Subscription, list[Change]]:
        if self.status == Status.CANCELED:
            raise Conflict("transition_not_allowed",
                           "cannot change plan: the subscription is CANCELED", field="status")
        if plan_id == self.plan_id:
            raise Conflict("same_plan", "the subscription is already on this plan", field="plan_id")
        if self.status == Status.TRIAL:  # the trial bills nothing: switch at once
            return self._bump(now, plan_id=plan_id, interval=interval), [Change(SUBSCRIPTION_PLAN_CHANGED)]
        if at_period_end:
            if interval != self.interval:
                raise Conflict("interval_mismatch", "a plan with another interval can only be "
                               "switched to now, not at period end", field="plan_id")
            return self._bump(now, pending_plan_id=plan_id), [Change(SUBSCRIPTION_PLAN_CHANGE_SCHEDULED)]
        period = self._ended(now, "partial", "plan_change")
        changed = self._bump(now, plan_id=plan_id, pending_plan_id=None, segment_start=now,
                             paused_seconds=0, paused_at=now if self.paused_at else None)
        if interval != self.interval:  # a new rhythm starts now
            changed = replace(changed, interval=interval, anchor=now, period_index=0,
                              current_period_start=now,
                              current_period_end=boundary(now, interval, 1))
        return changed, [Change(SUBSCRIPTION_PERIOD_ENDED, period), Change(SUBSCRIPTION_PLAN_CHANGED)]

    def invoice_overdue(self, now: datetime) -> tuple[Subscription, list[Change]]:
        if self.status != Status.ACTIVE:
            return self, []  # already past due, paused or over: nothing to mark
        return self._bump(now, status=next_status(self.status, Trigger.INVOICE_OVERDUE)), [
            Change(SUBSCRIPTION_PAST_DUE)]

    def invoice_paid(self, now: datetime) -> tuple[Subscription, list[Change]]:
        if self.status != Status.PAST_DUE:
            return self, []
        return self._bump(now, status=next_status(self.status, Trigger.INVOICE_PAID)), [
            Change(SUBSCRIPTION_REACTIVATED)]

    def _bump(self, now: datetime, **changes: Any) -> Subscription:
        # The version is the count of events; the service sets it when it records them.
        return replace(self, **changes, updated_at=max(now, self.updated_at))

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "customer_id": str(self.customer_id), "plan_id": str(self.plan_id),
            "interval": self.interval, "status": self.status.value, "start_date": self.started_at,
            "trial_end": self.trial_end, "end_date": self.end_date,
            "current_period_start": self.current_period_start,
            "current_period_end": self.current_period_end,
            "cancel_at_period_end": self.cancel_at_period_end,
            "pending_plan_id": str(self.pending_plan_id) if self.pending_plan_id else None,
            "paused_at": self.paused_at, "canceled_at": self.canceled_at,
            "created_at": self.created_at, "updated_at": self.updated_at, "version": self.version,
        }


def start_subscription(id: UUID, org_id: UUID, customer_id: UUID, plan_id: UUID, interval: str,
                       start: datetime, trial_end: datetime | None, end_date: datetime | None,
                       now: datetime) -> Subscription:
    if trial_end is not None and trial_end > start:
        return Subscription(id, org_id, customer_id, plan_id, interval, Status.TRIAL, start,
                            trial_end, end_date, trial_end, TRIAL_PERIOD, start, trial_end, start,
                            now, now)
    end = boundary(start, interval, 1)
    return Subscription(id, org_id, customer_id, plan_id, interval, Status.ACTIVE, start, None,
                        end_date, start, 0, start, end, start, now, now)


def current_window(anchor: datetime, started_at: datetime, period: str,
                   moment: datetime) -> tuple[datetime, datetime | None]:
    """The reset window of a metered entitlement that contains `moment`, counted from the
    subscription's anchor; "never" is everything since the subscription started. Before the
    anchor (a trial, which ends there) the trial is the window, as it is its own period."""
    if period == "never":
        return started_at, None
    if moment < anchor:
        return min(started_at, anchor), anchor
    _, start, end = period_containing(anchor, period, moment)
    return start, end
