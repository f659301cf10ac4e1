"""When a delivery is tried again: waits that grow (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h by
default), each varied by a random share so that endpoints coming back meet no stampede, the last
wait repeated until the retry window (three days) is over; then the delivery has failed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetryPolicy:
    waits: tuple[float, ...]  # seconds after attempt 1, 2, ...; the last one repeats
    window: timedelta  # from the first attempt of a round (a replay starts a new round)
    jitter: float  # each wait is multiplied by a random factor in [1 - jitter, 1 + jitter]

    def wait_after(self, attempt: int, rng: random.Random) -> timedelta:
        """The wait after the `attempt`-th attempt (1-based) of a round."""
        base = self.waits[min(attempt, len(self.waits)) - 1]
        return timedelta(seconds=base * rng.uniform(1 - self.jitter, 1 + self.jitter))

    def next_attempt(self, round_started: datetime, attempt: int, failed_at: datetime,
                     rng: random.Random) -> datetime | None:
        """When to try again after the `attempt`-th attempt failed; None: give up."""
        at = failed_at + self.wait_after(attempt, rng)
        return at if at <= round_started + self.window else None

