"""Events about subscriptions: one per change of state, each carrying the subscription as it is
after it; a period's end also carries what its invoice needs (the period, the plan as it stood,
the customer's billing details sealed)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from fluxrate_common.events.catalog import PlanData
from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import SUBSCRIPTIONS


class SubscriptionData(Payload):
    id: UUID
    customer_id: UUID
    plan_id: UUID
    interval: str
    status: str
    start_date: datetime
    trial_end: datetime | None
    end_date: datetime | None
    current_period_start: datetime
    current_period_end: datetime
    cancel_at_period_end: bool
    pending_plan_id: UUID | None
    paused_at: datetime | None
    canceled_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class PeriodData(Payload):
    start: datetime  # this plan's part of the period
    end: datetime
    full_start: datetime  # the whole billing period, for proration
    full_end: datetime
    period_days: Decimal
    covered_days: Decimal  # not paused
    paused_days: Decimal
    kind: Literal["trial", "regular", "partial"]
    reason: str
    index: int


class BilledCustomer(Payload):
    id: UUID
    external_id: str
    contact: str  # sealed billing details, as stored


class SubscriptionChange(Payload):
    subscription: SubscriptionData


class PeriodEnd(SubscriptionChange):
    period: PeriodData
    plan: PlanData
    customer: BilledCustomer


def _change(verb: str, summary: str) -> EventType[SubscriptionChange]:
    return EventType(f"subscription.{verb}", SUBSCRIPTIONS, SubscriptionChange, summary)


SUBSCRIPTION_CREATED = _change("created", "A customer was subscribed to a plan.")
SUBSCRIPTION_PERIOD_ENDED = EventType(
    "subscription.period_ended", SUBSCRIPTIONS, PeriodEnd,
    "A billing period (or part of one) ended: its invoice is made from this event.")
SUBSCRIPTION_TRIAL_ENDING = _change("trial_ending", "A trial ends within three days (once per trial,"
                                    " as soon as a shorter trial starts).")
SUBSCRIPTION_TRIAL_ENDED = _change("trial_ended", "A trial ended; billing periods begin.")
SUBSCRIPTION_PAUSED = _change("paused", "A subscription was paused.")
SUBSCRIPTION_RESUMED = _change("resumed", "A paused subscription was resumed.")
SUBSCRIPTION_CANCEL_SCHEDULED = _change("cancel_scheduled", "A cancellation at period end was scheduled.")
SUBSCRIPTION_CANCELED = _change("canceled", "A subscription ended.")
SUBSCRIPTION_PLAN_CHANGE_SCHEDULED = _change("plan_change_scheduled",
                                             "A plan change at period end was scheduled.")
SUBSCRIPTION_PLAN_CHANGED = _change("plan_changed", "A subscription moved to another plan.")
SUBSCRIPTION_PAST_DUE = _change("past_due", "An invoice went overdue; the subscription is past due.")
SUBSCRIPTION_REACTIVATED = _change("reactivated", "The overdue invoice was paid; active again.")
