"""The dispatcher: claims due deliveries and sends each in its own task, at most
`webhooks_concurrency` at once and at most `webhooks_endpoint_concurrency` per endpoint, so a
slow or dead endpoint holds a few slots and never the others' (other endpoints, other orgs).

A claim leases the delivery (its next attempt moves past the attempt's longest duration); a
process killed mid-request leaves it due again when the lease ends, so no delivery is lost and
a retry carries the same `webhook-id`. Results are settled by the recorder."""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.events import new_id
from fluxrate_common.logging import get_logger
from fluxrate_webhooks import deliveries_repository as repo
from fluxrate_webhooks.domain import signing
from fluxrate_webhooks.domain.payloads import message_id
from fluxrate_webhooks.recorder import Recorder, Result
from fluxrate_webhooks.sender import Outcome, Sender
from fluxrate_webhooks.settings import Settings

log = get_logger("fluxrate.webhooks.dispatcher")
COALESCE = 0.002  # seconds
SHUTDOWN_GRACE = 5.0  # seconds; what is cut off is sent again once its lease ends


def pick(candidates: list[tuple[UUID, UUID]], free: int, room: dict[UUID, int],
         per_endpoint: int) -> list[UUID]:
    """Which (delivery, endpoint) candidates, oldest due first, fit the free slots and each
    endpoint's room (`per_endpoint` for one with nothing in flight)."""
    chosen: list[UUID] = []
    room = dict(room)
    for delivery_id, endpoint_id in candidates:
        if len(chosen) == free:
            break
        left = room.get(endpoint_id, per_endpoint)
        if left > 0:
            chosen.append(delivery_id)
            room[endpoint_id] = left - 1
    return chosen


class Dispatcher:
    def __init__(self, pool: asyncpg.Pool, sender: Sender, encryptor: FieldEncryptor,
                 recorder: Recorder, settings: Settings) -> None:
        self._pool = pool
        self._sender = sender
        self._encryptor = encryptor
        self._recorder = recorder
        self._capacity = settings.webhooks_concurrency
        self._per_endpoint = settings.webhooks_endpoint_concurrency
        self._poll = settings.webhooks_poll_interval_ms / 1000
        # An attempt may take the timeout, then wait for the recorder: the lease covers both.
        self._lease = timedelta(seconds=2 * settings.webhooks_timeout_seconds + 1)
        self._in_flight: Counter[UUID] = Counter()
        self._tasks: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """New or replayed deliveries, or a slot freed: look again now."""
        self._wake.set()

    async def run(self) -> None:
        try:
            while True:
                self._wake.clear()
                await self.dispatch_due()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._poll)
                await asyncio.sleep(COALESCE)  # slots freed together are claimed together
        finally:  # shutting down: let requests in flight finish a moment, then drop them
            if self._tasks:
                await asyncio.wait(set(self._tasks), timeout=SHUTDOWN_GRACE)
            for task in self._tasks:
                task.cancel()

    async def dispatch_due(self) -> int:
        free = self._capacity - sum(self._in_flight.values())
        if free <= 0:
            return 0
        now = datetime.now(UTC)
        busy = [e for e, n in self._in_flight.items() if n >= self._per_endpoint]
        rows = await repo.candidates(self._pool, now, self._per_endpoint, busy)
        room = {e: self._per_endpoint - n for e, n in self._in_flight.items()}
        chosen = pick([(r["id"], r["endpoint_id"]) for r in rows], free, room,
                      self._per_endpoint)
        if not chosen:
            return 0
        claimed = await repo.claim(self._pool, chosen, now, self._lease, token := new_id())
        for row in claimed:
            self._in_flight[row["endpoint_id"]] += 1
            task = asyncio.create_task(self._attempt(row, token))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(claimed)

    async def _attempt(self, row: asyncpg.Record, claim: UUID) -> None:
        sent_at = datetime.now(UTC)
        try:
            body = self._encryptor.decrypt(row["payload"]).encode()
            headers = signing.headers(message_id(row["message_id"]), sent_at, body,
                                      self._secrets(row, sent_at))
            outcome = await self._sender.send(row["url"], headers, body)
        except Exception as error:  # a secret or payload no key opens: a failed attempt
            log.exception("webhook_attempt_failed", delivery_id=str(row["id"]))
            outcome = Outcome(None, 0, None, f"not sent: {error!r}"[:500])
        finally:
            self._in_flight[row["endpoint_id"]] -= 1
            if self._in_flight[row["endpoint_id"]] <= 0:
                del self._in_flight[row["endpoint_id"]]
            self.wake()
        self._recorder.put(Result(row["id"], claim, row["endpoint_id"], row["round_attempts"],
                                  row["round_started_at"], sent_at, outcome))

    def _secrets(self, row: asyncpg.Record, now: datetime) -> list[str]:
        secrets = [self._encryptor.decrypt(row["secret"])]
        expires = row["previous_secret_expires_at"]
        if row["previous_secret"] is not None and expires is not None and expires > now:
            secrets.append(self._encryptor.decrypt(row["previous_secret"]))
        return secrets
