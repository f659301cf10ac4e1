"""Which status a subscription may move to, and on what. Nothing else moves it."""

from __future__ import annotations

from enum import StrEnum

from fluxrate_common.statemachine import transition


class Status(StrEnum):
    TRIAL = "TRIAL"
    ACTIVE = "ACTIVE"
    PAST_DUE = "PAST_DUE"
    PAUSED = "PAUSED"
    CANCELED = "CANCELED"


class Trigger(StrEnum):
    TRIAL_ENDED = "trial_ended"
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    INVOICE_OVERDUE = "invoice_overdue"
    INVOICE_PAID = "invoice_paid"


TRANSITIONS: dict[tuple[Status, Trigger], Status] = {
    (Status.TRIAL, Trigger.TRIAL_ENDED): Status.ACTIVE,
    (Status.TRIAL, Trigger.CANCEL): Status.CANCELED,
    (Status.ACTIVE, Trigger.PAUSE): Status.PAUSED,
    (Status.ACTIVE, Trigger.CANCEL): Status.CANCELED,
    (Status.ACTIVE, Trigger.INVOICE_OVERDUE): Status.PAST_DUE,
    (Status.PAST_DUE, Trigger.INVOICE_PAID): Status.ACTIVE,
    (Status.PAST_DUE, Trigger.CANCEL): Status.CANCELED,
    (Status.PAUSED, Trigger.RESUME): Status.ACTIVE,
    (Status.PAUSED, Trigger.CANCEL): Status.CANCELED,
}


def next_status(current: Status, trigger: Trigger) -> Status:
    return transition(TRANSITIONS, current, trigger,
                      f"cannot {trigger.value.replace('_', ' ')}: the subscription is {current.value}")
