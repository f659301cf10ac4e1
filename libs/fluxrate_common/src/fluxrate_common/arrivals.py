"""Wait, briefly, for a read-model row that is on its way.

Read models fill from Kafka a few milliseconds to a few hundred after the owner commits. A
request naming something just created (a key, a customer) waits for its arrival instead of
failing; the read model calls `arrived(key)` when the row lands (via PostgreSQL NOTIFY).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Hashable


class Arrivals:
    def __init__(self, miss_ttl: float = 1.0, max_misses: int = 10_000) -> None:
        self._waiting: dict[Hashable, tuple[asyncio.Event, int]] = {}
        self._misses: dict[Hashable, float] = {}
        self._miss_ttl = miss_ttl
        self._max_misses = max_misses

    def recently_missed(self, key: Hashable) -> bool:
        return self._misses.get(key, 0.0) > time.monotonic()

    async def wait(self, key: Hashable, timeout: float) -> None:
        event, waiters = self._waiting.get(key, (asyncio.Event(), 0))
        self._waiting[key] = (event, waiters + 1)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            current = self._waiting.get(key)
            if current is not None and current[0] is event:
                if current[1] <= 1:
                    del self._waiting[key]
                else:
                    self._waiting[key] = (event, current[1] - 1)

    def arrived(self, key: Hashable) -> None:
        self._misses.pop(key, None)
        waiting = self._waiting.pop(key, None)
        if waiting is not None:
            waiting[0].set()

    def missed(self, key: Hashable) -> None:
        """Remember a miss briefly, so a garbage key costs one wait, not one per request."""
        if len(self._misses) >= self._max_misses:
            self._misses.clear()
        self._misses[key] = time.monotonic() + self._miss_ttl
