"""Meter aggregations, defined once for catalog (which ones a meter may have), ingest (what
it reads from an event) and the aggregator (what a period bills).

Whatever its meter's aggregation, every counted event is summarised the same way — its
value's total, the number of events, their maximum, the latest value by event time, and the
distinct values — hour by hour in rollups and from raw events at a period's edges. An
aggregation is then two things: what an event must carry, and which figure of the period's
summary is billed. A new aggregation is one entry in `RULES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal(0)


class Aggregation(StrEnum):
    SUM = "SUM"
    COUNT = "COUNT"
    MAX = "MAX"
    UNIQUE_COUNT = "UNIQUE_COUNT"
    LAST = "LAST"


class Reading(StrEnum):
    """What ingest takes from an event for its meter."""

    NUMBER = "number"  # the meter's property (or `quantity`), a number
    NOTHING = "nothing"  # the event itself counts one
    DISTINCT_VALUE = "distinct_value"  # the meter's property, any scalar, counted once per value


@dataclass(frozen=True)
class Summary:
    """A period's events, summarised (None where no event had a value)."""

    total: Decimal | None = None
    count: int | None = None
    maximum: Decimal | None = None
    last: Decimal | None = None  # the value of the latest event by event time
    distinct: int | None = None  # distinct values of the property


@dataclass(frozen=True)
class AggregationRule:
    aggregation: Aggregation
    description: str
    reads: Reading
    positive: bool  # a value read must be > 0 (else >= 0)
    bills: Callable[[Summary], Decimal]  # what the period bills; no events: 0


RULES: dict[Aggregation, AggregationRule] = {rule.aggregation: rule for rule in (
    AggregationRule(Aggregation.SUM, "adds all values in the period", Reading.NUMBER, True,
                    lambda s: s.total or ZERO),
    AggregationRule(Aggregation.COUNT, "counts the events in the period", Reading.NOTHING, False,
                    lambda s: Decimal(s.count or 0)),
    AggregationRule(Aggregation.MAX, "takes the highest value seen", Reading.NUMBER, False,
                    lambda s: s.maximum if s.maximum is not None else ZERO),
    AggregationRule(Aggregation.UNIQUE_COUNT, "counts distinct values of the property",
                    Reading.DISTINCT_VALUE, False, lambda s: Decimal(s.distinct or 0)),
    AggregationRule(Aggregation.LAST, "takes the latest value by event time", Reading.NUMBER,
                    False, lambda s: s.last if s.last is not None else ZERO),
)}

DESCRIPTION = "; ".join(f"{rule.aggregation.value} {rule.description}" for rule in RULES.values())


def rule_of(aggregation: str) -> AggregationRule:
    """The rule of an aggregation by name (a StrEnum member hashes as its name, so the plain
    string finds it: this is on ingest's hot path); ValueError for a name no rule has."""
    rule = RULES.get(aggregation)  # type: ignore[call-overload]
    if rule is None:
        raise ValueError(f"unknown aggregation {aggregation}")
    return rule


def usage_value(aggregation: str, total: Decimal | None, count: int | None,
                maximum: Decimal | None, last: Decimal | None, distinct: int | None) -> Decimal:
    """What a meter bills for a period, from the period's summary figures."""
    return rule_of(aggregation).bills(Summary(total, count, maximum, last, distinct))
