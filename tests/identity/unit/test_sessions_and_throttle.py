"""Refresh-token rotation and reuse, and the growing delays after failed sign-ins (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from fluxrate_identity.domain.sessions import REUSE_GRACE, StoredRefreshToken, Verdict, judge_refresh
from fluxrate_identity.domain.throttle import (
    NO_WAIT,
    Failures,
    ThrottlePolicy,
    after_failure,
    wait_needed,
)

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
SECOND = timedelta(seconds=1)
POLICY = ThrottlePolicy(free_failures=5, max_delay=timedelta(minutes=15))


def _token(*, used: timedelta | None = None, session_revoked: bool = False,
           expires_in: timedelta = timedelta(days=1)) -> StoredRefreshToken:
    return StoredRefreshToken(uuid4(), uuid4(), uuid4(), NOW + expires_in,
                              NOW - used if used is not None else None,
                              NOW - SECOND if session_revoked else None)


@pytest.mark.parametrize(("token", "verdict"), [
    (None, Verdict.INVALID),
    (_token(), Verdict.ROTATE),
    (_token(expires_in=-SECOND), Verdict.INVALID),
    (_token(session_revoked=True), Verdict.INVALID),  # signed out: refused, nothing more
    (_token(used=SECOND), Verdict.RACED),  # a second tab refreshing at the same moment
    (_token(used=REUSE_GRACE), Verdict.RACED),
    (_token(used=REUSE_GRACE + SECOND), Verdict.REUSED),  # a copy: revoke the session
    (_token(used=timedelta(days=3)), Verdict.REUSED),
])
def test_a_refresh_rotates_once_a_race_is_forgiven_and_a_reuse_revokes(token: StoredRefreshToken | None,
                                                                       verdict: Verdict) -> None:
    assert judge_refresh(token, NOW) is verdict


@pytest.mark.parametrize(("failures", "delay"), [
    (0, NO_WAIT), (4, NO_WAIT), (5, NO_WAIT), (6, SECOND), (7, 2 * SECOND), (8, 4 * SECOND),
    (14, 256 * SECOND), (15, 512 * SECOND), (16, timedelta(minutes=15)),
    (140, timedelta(minutes=15)), (10_000, timedelta(minutes=15)),
])
def test_delays_grow_after_the_free_failures_up_to_the_maximum(failures: int,
                                                               delay: timedelta) -> None:
    assert POLICY.delay_after(failures) == delay


def test_each_failure_beyond_the_free_ones_locks_for_longer() -> None:
    state, locks = None, []
    for minute in range(10):
        now = NOW + timedelta(minutes=minute)
        state = after_failure(state, POLICY, now)
        locks.append(wait_needed(state, now))
    assert locks[:5] == [NO_WAIT] * 5
    assert locks[5:] == [SECOND, 2 * SECOND, 4 * SECOND, 8 * SECOND, 16 * SECOND]


def test_a_lock_holds_until_it_expires_and_not_a_moment_longer() -> None:
    locked = Failures(8, NOW, NOW + 4 * SECOND)
    assert wait_needed(locked, NOW + SECOND) == 3 * SECOND
    assert wait_needed(locked, NOW + 4 * SECOND) == NO_WAIT
    assert wait_needed(None, NOW) == NO_WAIT


def test_failures_are_forgotten_a_day_after_the_last_one() -> None:
    old = Failures(12, NOW - timedelta(hours=25), None)
    assert after_failure(old, POLICY, NOW) == Failures(1, NOW, None)
    recent = Failures(12, NOW - timedelta(hours=23), None)
    assert after_failure(recent, POLICY, NOW).count == 13
