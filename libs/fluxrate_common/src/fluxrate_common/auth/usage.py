"""Report when each API key was last used, without a write on the request path.

Verification happens in every service; each remembers the last use per key in memory and
publishes it every `interval` seconds to identity, which keeps the latest.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID

from fluxrate_common.events.identity import API_KEY_USED
from fluxrate_common.kafka.producer import BrokerUnavailable, Producer
from fluxrate_common.logging import get_logger

log = get_logger("fluxrate.auth.usage")


class KeyUsageReporter:
    def __init__(self, producer: Producer, topic: str, interval: float = 15.0) -> None:
        self._producer = producer
        self._topic = topic
        self._interval = interval
        self._last_used: dict[UUID, tuple[UUID, float]] = {}

    def touch(self, key_id: UUID, org_id: UUID, at: float) -> None:
        self._last_used[key_id] = (org_id, at)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self.flush()

    async def flush(self) -> None:
        if not self._last_used:
            return
        pending, self._last_used = self._last_used, {}
        messages = []
        for key_id, (org_id, at) in pending.items():
            event = API_KEY_USED.make(org_id, datetime.fromtimestamp(at, UTC), {"id": str(key_id)})
            messages.append((self._topic, str(key_id).encode(), event.to_bytes()))
        try:
            await self._producer.send_all(messages)  # a few bytes each: never refused
        except BrokerUnavailable as error:
            log.warning("api_key_usage_not_reported", error=str(error))
            for key_id, value in pending.items():
                self._last_used.setdefault(key_id, value)
