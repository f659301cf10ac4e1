"""The retry schedule: waits that grow as configured, vary within the jitter, repeat the last
one, and stop at the window's end."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from fluxrate_webhooks.domain.retries import RetryPolicy

DEFAULT = (5, 300, 1800, 7200, 18000, 36000, 36000)
START = datetime(2026, 3, 1, tzinfo=UTC)


def test_without_jitter_the_default_schedule_runs_about_three_days_then_gives_up() -> None:
    policy = RetryPolicy(DEFAULT, timedelta(days=3), jitter=0)
    rng, at, attempt, times = random.Random(1), START, 1, [START]
    while (later := policy.next_attempt(START, attempt, at, rng)) is not None:
        times.append(later)
        at, attempt = later, attempt + 1
    waits = [(b - a).total_seconds() for a, b in pairwise(times)]
    assert waits[:7] == list(DEFAULT)
    assert set(waits[7:]) == {36000}  # the last wait repeats
    assert timedelta(days=2, hours=14) < times[-1] - START <= timedelta(days=3)
    assert len(times) == 12


@given(attempt=st.integers(1, 50), jitter=st.floats(0, 0.9), seed=st.integers(0, 10_000))
def test_each_wait_stays_within_its_jitter(attempt: int, jitter: float, seed: int) -> None:
    policy = RetryPolicy(DEFAULT, timedelta(days=30), jitter)
    base = DEFAULT[min(attempt, len(DEFAULT)) - 1]
    wait = policy.wait_after(attempt, random.Random(seed)).total_seconds()
    assert base * (1 - jitter) - 1e-6 <= wait <= base * (1 + jitter) + 1e-6


def test_jitter_spreads_endpoints_that_failed_together() -> None:
    policy = RetryPolicy(DEFAULT, timedelta(days=3), jitter=0.2)
    rng = random.Random(7)
    nexts = {policy.next_attempt(START, 2, START, rng) for _ in range(50)}
    assert len(nexts) > 40 and max(nexts) - min(nexts) > timedelta(seconds=60)


def test_a_replay_starts_a_new_window() -> None:
    policy = RetryPolicy((1.0,), timedelta(seconds=10), jitter=0)
    rng = random.Random(0)
    assert policy.next_attempt(START, 20, START + timedelta(seconds=9.5), rng) is None
    replayed = START + timedelta(days=5)
    assert policy.next_attempt(replayed, 1, replayed, rng) == replayed + timedelta(seconds=1)
