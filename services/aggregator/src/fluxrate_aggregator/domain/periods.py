"""Answering a usage question over any [start, end) from hourly rollups plus raw events at the
edges, so the answer is exact for every boundary, aligned or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fluxrate_aggregator.domain.usage import hour_of

Range = tuple[datetime, datetime]


@dataclass(frozen=True)
class QueryPlan:
    buckets: Range  # whole hours read from rollups (may be empty: start == end)
    raw: tuple[Range, Range]  # partial hours at the edges read from raw events (may be empty)


def plan_range(start: datetime, end: datetime) -> QueryPlan:
    first_full = hour_of(start)
    if first_full < start:
        first_full += timedelta(hours=1)
    last_full = hour_of(end)
    if first_full >= last_full:
        return QueryPlan((first_full, first_full), ((start, end), (end, end)))
    return QueryPlan((first_full, last_full), ((start, first_full), (last_full, end)))
