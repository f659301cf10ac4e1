"""The invoice lifecycle: DRAFT -> OPEN (finalized, emailed) -> PAID / VOID / UNCOLLECTIBLE,
and DRAFT -> VOID. A period that cannot be priced is FAILED (saying why), retried to DRAFT or
voided. Anything else is 409 naming the current status."""

from __future__ import annotations

from enum import StrEnum

from fluxrate_common.statemachine import transition


class Status(StrEnum):
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    PAID = "PAID"
    VOID = "VOID"
    UNCOLLECTIBLE = "UNCOLLECTIBLE"
    FAILED = "FAILED"


class Action(StrEnum):
    FINALIZE = "finalize"
    PAY = "pay"
    VOID = "void"
    MARK_UNCOLLECTIBLE = "mark-uncollectible"
    RETRY = "retry"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.FINALIZE): Status.OPEN,
    (Status.DRAFT, Action.VOID): Status.VOID,
    (Status.OPEN, Action.PAY): Status.PAID,
    (Status.OPEN, Action.VOID): Status.VOID,
    (Status.OPEN, Action.MARK_UNCOLLECTIBLE): Status.UNCOLLECTIBLE,
    (Status.FAILED, Action.RETRY): Status.DRAFT,
    (Status.FAILED, Action.VOID): Status.VOID,
}


def next_status(current: Status, action: Action) -> Status:
    return transition(TRANSITIONS, current, action,
                      f"cannot {action.value.replace('-', ' ')} an invoice that is {current.value}")


def invoice_number(sequence: int) -> str:
    return f"INV-{sequence:06d}"
