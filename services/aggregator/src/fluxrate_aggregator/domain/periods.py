"""Answering a usage question over any [start, end) from hourly rollups plus raw events at the
edges, so the answer is exact for every boundary, aligned or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from fluxrate_aggregator.domain.usage import hour_of

ZERO = Decimal(0)
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


def usage_value(aggregation: str, total: Decimal | None, count: int | None, maximum: Decimal | None,
                last: Decimal | None, distinct: int | None) -> Decimal:
    """What a meter bills for a period: SUM adds, COUNT counts, MAX peaks, LAST is the latest
    by event time, UNIQUE_COUNT counts distinct values. No events: 0."""
    match aggregation:
        case "SUM":
            return total or ZERO
        case "COUNT":
            return Decimal(count or 0)
        case "MAX":
            return maximum if maximum is not None else ZERO
        case "LAST":
            return last if last is not None else ZERO
        case "UNIQUE_COUNT":
            return Decimal(distinct or 0)
    raise ValueError(f"unknown aggregation {aggregation}")
