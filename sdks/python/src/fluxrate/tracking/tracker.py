"""The blocking client's tracker: `track()` only queues; sender threads send `/usage/batch`
requests in the background, and everything queued is sent on `close()`, on leaving a `with`
block, and when the interpreter exits."""

from __future__ import annotations

import atexit
import queue
import threading
import time
from datetime import datetime
from typing import Any, Optional

from fluxrate._http import SyncTransport
from fluxrate.errors import APIError, FluxrateError
from fluxrate.tracking import batches
from fluxrate.tracking.batches import TrackerOptions, TrackerStats
from fluxrate.tracking.events import any_event, track_event

WAKE_SLICE = 0.05  # seconds a waiting sender sleeps before it looks at flush and close again


class Tracker:
    def __init__(self, transport: SyncTransport, options: Optional[TrackerOptions] = None,
                 **option_values: Any) -> None:
        self.options = options or TrackerOptions(**option_values)
        self.stats = TrackerStats()
        self._transport = transport
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue(self.options.max_queue)
        self._lock = threading.Condition()
        self._outstanding = 0  # queued or in flight
        self._closed = False
        self._stopping = threading.Event()
        self._urgent = threading.Event()  # send what is there without waiting to fill a batch
        self._deadline: Optional[float] = None
        self._senders = [threading.Thread(target=self._run, name=f"fluxrate-tracker-{i}", daemon=True)
                         for i in range(self.options.max_in_flight)]
        for sender in self._senders:
            sender.start()
        atexit.register(self.close)

    def track(self, *, meter_token: str, customer_external_id: str, quantity: Any,
              idempotency_key: Optional[str] = None, timestamp: Optional[datetime] = None,
              metadata: Optional[dict[str, Any]] = None) -> str:
        """Queue one event; returns its idempotency key (made here if not given)."""
        return self._enqueue(track_event(meter_token, customer_external_id, quantity,
                                         idempotency_key, timestamp, metadata))

    def record(self, **event: Any) -> str:
        """Queue one event in any form `client.usage.record` takes; returns its key."""
        return self._enqueue(any_event(event))

    def _enqueue(self, event: dict[str, Any]) -> str:
        if self._closed:
            raise FluxrateError("this tracker is closed")
        with self._lock:
            self._outstanding += 1
        try:
            self._queue.put(event, block=self.options.when_full == "block")
        except queue.Full:
            with self._lock:
                self.stats.dropped += 1
            self._settle(1)
        return event["idempotency_key"]

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Send everything queued so far; True once it is all answered."""
        deadline = None if timeout is None else time.monotonic() + timeout
        self._urgent.set()
        try:
            with self._lock:
                while self._outstanding:
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        return False
                    self._lock.wait(remaining if remaining is not None else 0.5)
                return True
        finally:
            if not self._stopping.is_set():
                self._urgent.clear()

    def close(self, timeout: Optional[float] = None) -> None:
        """Send what is queued (retrying for up to `timeout`, default `close_timeout` seconds),
        then stop. Events still unsent then go to `on_error` with code "not_sent"."""
        if self._closed:
            return
        self._closed = True
        atexit.unregister(self.close)
        self._deadline = time.monotonic() + (self.options.close_timeout if timeout is None else timeout)
        self._urgent.set()
        self._stopping.set()
        for sender in self._senders:
            sender.join(max(0.0, self._deadline - time.monotonic()))
        leftovers = self._drain()
        if leftovers:
            with self._lock:
                failures = batches.not_sent(leftovers, self.stats)
            batches.report(self.options.on_error, failures)
            self._settle(len(leftovers))

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _drain(self) -> list[dict[str, Any]]:
        events = []
        while True:
            try:
                events.append(self._queue.get_nowait())
            except queue.Empty:
                return events

    def _settle(self, count: int) -> None:
        with self._lock:
            self._outstanding -= count
            if not self._outstanding:
                self._lock.notify_all()

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if batch:
                self._send(batch)
                self._settle(len(batch))
            elif self._stopping.is_set():
                return

    def _next_batch(self) -> list[dict[str, Any]]:
        interval = self.options.flush_interval
        first = self._take(time.monotonic() + interval)
        if first is None:
            return []
        batch, fill_until = [first], time.monotonic() + interval
        while len(batch) < self.options.batch_size:
            try:
                batch.append(self._queue.get_nowait())
                continue
            except queue.Empty:
                pass
            event = None if self._urgent.is_set() else self._take(fill_until)
            if event is None:
                break
            batch.append(event)
        return batch

    def _take(self, until: float) -> Optional[dict[str, Any]]:
        """The next event if one comes before `until`; waits in short slices so that a flush
        or close is noticed at once, whatever the flush interval."""
        while True:
            remaining = until - time.monotonic()
            try:
                return self._queue.get(timeout=max(0.0, min(remaining, WAKE_SLICE)))
            except queue.Empty:
                if remaining <= WAKE_SLICE or self._urgent.is_set():
                    return None

    def _send(self, batch: list[dict[str, Any]]) -> None:
        attempt = 0
        while True:
            try:
                answer = self._transport.request("POST", "/usage/batch", body={"events": batch},
                                                 retry_safe=True, max_retries=0)
            except APIError as error:
                if error.status_code == 413 and len(batch) > 1:
                    half = len(batch) // 2
                    self._send(batch[:half])
                    self._send(batch[half:])
                    return
                delay = self._retry_delay(error, attempt)
                if delay is None:
                    with self._lock:
                        failures = batches.failed_batch(batch, error, self.stats)
                    batches.report(self.options.on_error, failures)
                    return
                time.sleep(delay)
                attempt += 1
                continue
            with self._lock:
                self.stats.batches += 1
                failures = batches.account(batch, answer, self.stats)
            batches.report(self.options.on_error, failures)
            return

    def _retry_delay(self, error: APIError, attempt: int) -> Optional[float]:
        if not batches.batch_is_retryable(error):
            return None
        delay = self.options.backoff.delay(min(attempt, 16), error.retry_after) or \
            self.options.backoff.maximum
        if self._deadline is not None and time.monotonic() + delay > self._deadline:
            return None
        with self._lock:
            self.stats.retries += 1
        return delay
