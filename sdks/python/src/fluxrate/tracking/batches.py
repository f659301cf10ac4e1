"""What the tracker's senders share, free of threads and event loops: options, counters, and
what a `/usage/batch` answer or failure means for each event of the batch."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from fluxrate._retry import Backoff, status_is_retryable
from fluxrate.errors import APIConnectionError, APIError

log = logging.getLogger("fluxrate.tracker")
MAX_BATCH_SIZE = 1000


@dataclass(frozen=True)
class FailedEvent:
    """An event the API refused (`code`, `message`, `field` say why) or that could not be
    sent before the tracker closed (`code` "not_sent")."""

    event: dict[str, Any]
    code: Optional[str]
    message: str
    field: Optional[str] = None
    status_code: Optional[int] = None


ErrorCallback = Callable[[FailedEvent], None]


@dataclass(frozen=True)
class TrackerOptions:
    """`batch_size` events at most per request (≤ 1,000), sent when full or `flush_interval`
    seconds after the batch's first event; `max_in_flight` requests at once. At most
    `max_queue` events wait in memory: then `when_full="block"` makes `track()` wait for room,
    `when_full="drop"` drops the event and counts it in `stats.dropped`. A failing batch is
    retried with the same keys until it goes through, or until `close_timeout` seconds after
    `close()`."""

    batch_size: int = MAX_BATCH_SIZE
    flush_interval: float = 1.0
    max_queue: int = 100_000
    when_full: str = "block"
    max_in_flight: int = 2
    close_timeout: float = 30.0
    on_error: Optional[ErrorCallback] = None
    backoff: Backoff = field(default_factory=lambda: Backoff(initial=0.1, maximum=5.0))

    def __post_init__(self) -> None:
        if not 1 <= self.batch_size <= MAX_BATCH_SIZE:
            raise ValueError(f"batch_size: between 1 and {MAX_BATCH_SIZE}")
        if self.when_full not in ("block", "drop"):
            raise ValueError('when_full: "block" or "drop"')
        if self.max_queue < 1 or self.max_in_flight < 1 or self.flush_interval <= 0:
            raise ValueError("max_queue and max_in_flight must be positive, flush_interval > 0")


@dataclass
class TrackerStats:
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    failed: int = 0  # not sent before the tracker closed, or refused as a whole batch
    dropped: int = 0  # queue full with when_full="drop"
    retries: int = 0
    batches: int = 0


def batch_is_retryable(error: APIError) -> bool:
    if isinstance(error, APIConnectionError):
        return True  # every event carries its key: resending cannot count anything twice
    return error.status_code is not None and status_is_retryable(error.status_code, True)


def account(batch: list[dict[str, Any]], answer: dict[str, Any],
            stats: TrackerStats) -> list[FailedEvent]:
    """Count a batch's answer; the events it rejected, with their errors."""
    failures = []
    for result in answer["results"]:
        status = result["status"]
        if status == "accepted":
            stats.accepted += 1
        elif status == "duplicate":
            stats.duplicates += 1
        else:
            stats.rejected += 1
            error = result.get("error") or {}
            failures.append(FailedEvent(batch[result["index"]], error.get("code"),
                                        error.get("message", "rejected"), error.get("field"), 422))
    return failures


def failed_batch(batch: list[dict[str, Any]], error: APIError,
                 stats: TrackerStats) -> list[FailedEvent]:
    stats.failed += len(batch)
    return [FailedEvent(event, error.code, error.message, error.field, error.status_code)
            for event in batch]


def not_sent(events: list[dict[str, Any]], stats: TrackerStats) -> list[FailedEvent]:
    stats.failed += len(events)
    return [FailedEvent(event, "not_sent", "the tracker closed before this event could be sent")
            for event in events]


def report(on_error: Optional[ErrorCallback], failures: list[FailedEvent]) -> None:
    for failure in failures:
        if on_error is None:
            log.warning("usage event not recorded: %s %s (%s)", failure.code, failure.message,
                        failure.event.get("idempotency_key"))
            continue
        try:
            on_error(failure)
        except Exception:  # a failing callback must not stop the sender
            log.exception("the tracker's on_error callback raised")
