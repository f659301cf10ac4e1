"""Every (status, trigger) pair: the allowed ones move as the table says, the rest are 409."""

from __future__ import annotations

import pytest

from fluxrate_common.errors import Conflict
from fluxrate_subscriptions.domain.transitions import TRANSITIONS, Status, Trigger, next_status

ALL = [(s, t) for s in Status for t in Trigger]
EXPECTED = {
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


@pytest.mark.parametrize(("status", "trigger"), ALL, ids=lambda x: x.value)
def test_a_subscription_moves_only_where_its_table_allows(status: Status, trigger: Trigger) -> None:
    if (status, trigger) in EXPECTED:
        assert next_status(status, trigger) == EXPECTED[(status, trigger)]
    else:
        with pytest.raises(Conflict) as error:
            next_status(status, trigger)
        assert status.value in error.value.message


def test_the_table_is_exactly_the_expected_one() -> None:
    assert TRANSITIONS == EXPECTED
