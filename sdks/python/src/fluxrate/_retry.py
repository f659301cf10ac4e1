"""When to retry, and how long to wait: pure decisions, no I/O.

- Retried always: connection failures before the request was sent, 408, 429 and 503 (the API
  did nothing: ingest answers 503 with `Retry-After` while Kafka is unreachable).
- Retried only when repeating the request cannot do anything twice (reads, PUT/PATCH, and
  usage events, which carry an idempotency key): other 5xx, and connections that broke after
  the request was sent.
- Waits: exponential backoff with jitter, or the server's `Retry-After` when it gives one.
- Bounded: at most `max_retries` per request, and a client-wide budget so that retries stay a
  small share of the traffic when the API is down for everyone.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

import httpx

ALWAYS_RETRIED_STATUSES = frozenset({408, 429, 503})
UNSENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def status_is_retryable(status: int, retry_safe: bool) -> bool:
    return status in ALWAYS_RETRIED_STATUSES or (retry_safe and status >= 500)


def exception_is_retryable(error: BaseException, retry_safe: bool) -> bool:
    if isinstance(error, UNSENT_ERRORS):
        return True
    return retry_safe and isinstance(error, httpx.TransportError)


@dataclass(frozen=True)
class Backoff:
    initial: float = 0.5
    maximum: float = 8.0
    jitter: float = 0.25  # the share of each wait that is random
    max_retry_after: float = 60.0  # a longer Retry-After is not waited for: the error is raised

    def delay(self, attempt: int, retry_after: Optional[float] = None,
              rand: Callable[[], float] = random.random) -> Optional[float]:
        """Seconds to wait before retry number `attempt + 1`; None: do not wait that long."""
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        base = min(self.maximum, self.initial * (2 ** attempt))
        return base * (1 - self.jitter * rand())


@dataclass
class RetryBudget:
    """A token bucket shared by a client's requests: each request adds `ratio` of a token,
    each retry takes one; `reserve_per_second` tokens trickle in regardless, so a quiet
    client can still retry. Retries beyond the budget are not made."""

    ratio: float = 0.2
    reserve_per_second: float = 5.0
    capacity: float = 100.0
    clock: Callable[[], float] = time.monotonic
    _balance: float = field(default=-1.0, init=False)
    _last: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._balance = min(self.capacity, self.reserve_per_second * 10)
        self._last = self.clock()

    def _refill(self) -> None:
        now = self.clock()
        self._balance = min(self.capacity, self._balance + (now - self._last) * self.reserve_per_second)
        self._last = now

    def record_request(self) -> None:
        with self._lock:
            self._refill()
            self._balance = min(self.capacity, self._balance + self.ratio)

    def try_spend(self) -> bool:
        with self._lock:
            self._refill()
            if self._balance < 1:
                return False
            self._balance -= 1
            return True


@dataclass
class RetryPolicy:
    max_retries: int = 2
    backoff: Backoff = field(default_factory=Backoff)
    budget: Optional[RetryBudget] = field(default_factory=RetryBudget)

    def next_delay(self, attempt: int, *, retryable: bool, retry_after: Optional[float] = None,
                   max_retries: Optional[int] = None) -> Optional[float]:
        """Seconds to wait before retrying after failed attempt number `attempt` (from 0),
        or None when the failure is to be raised."""
        limit = self.max_retries if max_retries is None else max_retries
        if not retryable or attempt >= limit:
            return None
        delay = self.backoff.delay(attempt, retry_after)
        if delay is None or (self.budget is not None and not self.budget.try_spend()):
            return None
        return delay
