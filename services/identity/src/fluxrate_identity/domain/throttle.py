"""Growing delays after failed sign-ins, per account and per client. Pure.

The first `free_failures` cost nothing; each one after locks the subject for a delay that
doubles (1 s, 2 s, 4 s, ...) up to `max_delay`. While locked, every attempt is refused, the
right password included, and does not count. Failures are forgotten a day after the last one;
a successful sign-in forgets the account's at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

NO_WAIT = timedelta(0)


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int
    max_delay: timedelta
    first_delay: timedelta = timedelta(seconds=1)
    memory: timedelta = timedelta(hours=24)

    def delay_after(self, failures: int) -> timedelta:
        beyond = failures - self.free_failures
        if beyond <= 0:
            return NO_WAIT
        return min(self.first_delay * 2 ** min(beyond - 1, 40), self.max_delay)


@dataclass(frozen=True)
class Failures:
    count: int
    last_failure_at: datetime
    locked_until: datetime | None = None


def wait_needed(failures: Failures | None, now: datetime) -> timedelta:
    if failures is None or failures.locked_until is None or failures.locked_until <= now:
        return NO_WAIT
    return failures.locked_until - now


def after_failure(failures: Failures | None, policy: ThrottlePolicy, now: datetime) -> Failures:
    forgotten = failures is None or now - failures.last_failure_at > policy.memory
    count = 1 if forgotten else failures.count + 1
    delay = policy.delay_after(count)
    return Failures(count, now, now + delay if delay else None)
