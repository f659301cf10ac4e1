"""The asyncio client's tracker: `await tracker.track(...)` queues; sender tasks send
`/usage/batch` requests. Everything queued is sent on `await close()` and on leaving an
`async with` block; what is still queued when the interpreter exits (its loop gone) is sent
then with a blocking request."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import time
from datetime import datetime
from typing import Any, Callable, Optional

from fluxrate._http import AsyncTransport, SyncTransport
from fluxrate.errors import APIError, FluxrateError
from fluxrate.tracking import batches
from fluxrate.tracking.batches import TrackerOptions, TrackerStats
from fluxrate.tracking.events import any_event, track_event
from fluxrate.tracking.tracker import WAKE_SLICE, Tracker


class AsyncTracker:
    def __init__(self, transport: AsyncTransport, options: Optional[TrackerOptions] = None,
                 *, exit_transport: Optional[Callable[[], SyncTransport]] = None,
                 **option_values: Any) -> None:
        self.options = options or TrackerOptions(**option_values)
        self.stats = TrackerStats()
        self._transport = transport
        self._exit_transport = exit_transport
        self._queue: Optional[asyncio.Queue[dict[str, Any]]] = None
        self._senders: list[asyncio.Task[None]] = []
        self._outstanding = 0
        self._idle: Optional[asyncio.Event] = None
        self._arrived: Optional[asyncio.Event] = None
        self._urgent = False
        self._stopping = False
        self._closed = False
        self._deadline: Optional[float] = None
        self._orphans: list[dict[str, Any]] = []  # taken by a sender that was cancelled
        atexit.register(self._send_leftovers_at_exit)

    def _start(self) -> asyncio.Queue[dict[str, Any]]:
        # Made inside the running loop (Python 3.9's asyncio objects bind the loop at creation).
        if self._queue is None:
            self._queue = asyncio.Queue(self.options.max_queue)
            self._idle = asyncio.Event()
            self._arrived = asyncio.Event()
            self._senders = [asyncio.ensure_future(self._run())
                             for _ in range(self.options.max_in_flight)]
        return self._queue

    async def track(self, *, meter_token: str, customer_external_id: str, quantity: Any,
                    idempotency_key: Optional[str] = None, timestamp: Optional[datetime] = None,
                    metadata: Optional[dict[str, Any]] = None) -> str:
        """Queue one event; returns its idempotency key (made here if not given)."""
        return await self._enqueue(track_event(meter_token, customer_external_id, quantity,
                                               idempotency_key, timestamp, metadata))

    async def record(self, **event: Any) -> str:
        return await self._enqueue(any_event(event))

    async def _enqueue(self, event: dict[str, Any]) -> str:
        if self._closed:
            raise FluxrateError("this tracker is closed")
        queue = self._start()
        self._outstanding += 1
        assert self._idle is not None
        self._idle.clear()
        if self.options.when_full == "block":
            await queue.put(event)
        else:
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                self.stats.dropped += 1
                self._settle(1)
        assert self._arrived is not None
        self._arrived.set()
        return event["idempotency_key"]

    async def flush(self, timeout: Optional[float] = None) -> bool:
        if self._queue is None or not self._outstanding:
            return True
        assert self._idle is not None and self._arrived is not None
        self._urgent = True
        self._arrived.set()
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            self._urgent = self._stopping

    async def close(self, timeout: Optional[float] = None) -> None:
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self._send_leftovers_at_exit)
        if self._queue is None:
            return
        wait = self.options.close_timeout if timeout is None else timeout
        self._deadline = time.monotonic() + wait
        self._urgent = self._stopping = True
        if self._arrived is not None:
            self._arrived.set()
        _, pending = await asyncio.wait(self._senders, timeout=wait)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        leftovers = self._drain()
        if leftovers:
            batches.report(self.options.on_error, batches.not_sent(leftovers, self.stats))
            self._settle(len(leftovers))

    async def __aenter__(self) -> AsyncTracker:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.close()

    def _drain(self) -> list[dict[str, Any]]:
        events, self._orphans = self._orphans, []
        while self._queue is not None and not self._queue.empty():
            events.append(self._queue.get_nowait())
        return events

    def _settle(self, count: int) -> None:
        self._outstanding -= count
        if not self._outstanding and self._idle is not None:
            self._idle.set()

    async def _run(self) -> None:
        while True:
            batch = await self._next_batch()
            if batch:
                try:
                    await self._send(batch)
                except asyncio.CancelledError:
                    self._orphans += batch  # maybe sent, maybe not: resending is harmless
                    raise
                self._settle(len(batch))
            elif self._stopping:
                return

    async def _next_batch(self) -> list[dict[str, Any]]:
        queue = self._queue
        assert queue is not None
        interval = self.options.flush_interval
        first = await self._take(time.monotonic() + interval)
        if first is None:
            return []
        batch, fill_until = [first], time.monotonic() + interval
        try:
            while len(batch) < self.options.batch_size:
                if not queue.empty():
                    batch.append(queue.get_nowait())
                    continue
                event = None if self._urgent else await self._take(fill_until)
                if event is None:
                    break
                batch.append(event)
        except asyncio.CancelledError:
            self._orphans += batch  # the loop is going away: keep them for close() or exit
            raise
        return batch

    async def _take(self, until: float) -> Optional[dict[str, Any]]:
        """The next event if one comes before `until`, noticing a flush or close at once.
        (It waits on a wake-up event, never on `queue.get()` under a timeout, which could
        drop an item the instant it times out on older Pythons.)"""
        queue, arrived = self._queue, self._arrived
        assert queue is not None and arrived is not None
        while True:
            if not queue.empty():
                return queue.get_nowait()
            remaining = until - time.monotonic()
            if remaining <= 0 or self._urgent:
                return None
            arrived.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(arrived.wait(), min(remaining, WAKE_SLICE))

    async def _send(self, batch: list[dict[str, Any]]) -> None:
        attempt = 0
        while True:
            try:
                answer = await self._transport.request("POST", "/usage/batch", body={"events": batch},
                                                       retry_safe=True, max_retries=0)
            except APIError as error:
                if error.status_code == 413 and len(batch) > 1:
                    await self._send(batch[: len(batch) // 2])
                    await self._send(batch[len(batch) // 2:])
                    return
                delay = self._retry_delay(error, attempt)
                if delay is None:
                    batches.report(self.options.on_error, batches.failed_batch(batch, error, self.stats))
                    return
                await asyncio.sleep(delay)
                attempt += 1
                continue
            self.stats.batches += 1
            batches.report(self.options.on_error, batches.account(batch, answer, self.stats))
            return

    def _retry_delay(self, error: APIError, attempt: int) -> Optional[float]:
        if not batches.batch_is_retryable(error):
            return None
        delay = self.options.backoff.delay(min(attempt, 16), error.retry_after) or \
            self.options.backoff.maximum
        if self._deadline is not None and time.monotonic() + delay > self._deadline:
            return None
        self.stats.retries += 1
        return delay

    def _send_leftovers_at_exit(self) -> None:
        """The loop that ran this tracker is gone: send what it left with a blocking client."""
        leftovers = self._drain()
        if not leftovers or self._exit_transport is None:
            return
        transport = self._exit_transport()
        with contextlib.closing(transport):
            tracker = Tracker(transport, self.options)
            for event in leftovers:
                tracker._enqueue(event)
            tracker.close()
