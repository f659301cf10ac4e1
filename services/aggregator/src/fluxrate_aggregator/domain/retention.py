"""How long raw events are kept, as days of event time (UTC). Pure: `now` is an argument.

Partitions hold one day each. The retention job drops a day once it is `retention_days` old;
the writer refuses events one day sooner, so it never writes into a day about to be dropped,
and a copy of an event it accepts always finds the original in the same partition.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from fluxrate_aggregator.domain.periods import plan_range
from fluxrate_aggregator.domain.usage import hour_of


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def today(now: datetime) -> date:
    return now.astimezone(UTC).date()


def horizon(now: datetime, retention_days: int) -> datetime:
    """The oldest event time still stored (and so still deduplicated)."""
    return midnight(today(now) - timedelta(days=retention_days - 1))


def drop_before(now: datetime, retention_days: int) -> date:
    """Partitions whose last day is before this are dropped."""
    return today(now) - timedelta(days=retention_days)


def days_ahead(now: datetime, ahead: int) -> list[date]:
    first = today(now)
    return [first + timedelta(days=n) for n in range(ahead + 1)]


def days_of(moments: Iterable[datetime]) -> set[date]:
    return {moment.astimezone(UTC).date() for moment in moments}


def needs_raw_before(start: datetime, end: datetime, oldest: datetime) -> bool:
    """Whether answering [start, end) exactly needs raw events older than `oldest` (partial
    hours at its edges are read from raw events; whole hours from rollups, kept for good)."""
    return any(a < b and a < oldest for a, b in plan_range(start, end).raw)


def whole_hours_before(start: datetime, end: datetime, oldest: datetime) -> tuple[datetime, datetime]:
    """[start, end) with an edge older than `oldest` widened to its whole hour: rollups keep
    every hour for good, raw events only the retention window."""
    if start < oldest:
        start = hour_of(start)
    if end < oldest and hour_of(end) < end:
        end = hour_of(end) + timedelta(hours=1)
    return start, end
