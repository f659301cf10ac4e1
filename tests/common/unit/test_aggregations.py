"""The registry of meter aggregations: one rule per aggregation a meter may have."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fluxrate_common.aggregations import RULES, Aggregation, Reading, Summary, rule_of


def test_every_aggregation_a_meter_may_have_has_one_rule() -> None:
    assert set(RULES) == set(Aggregation)
    assert all(rule_of(a.value) is RULES[a] for a in Aggregation)


def test_a_period_without_events_bills_zero_whatever_the_aggregation() -> None:
    assert {rule.bills(Summary()) for rule in RULES.values()} == {Decimal(0)}


@pytest.mark.parametrize(("aggregation", "reads", "positive"), [
    ("SUM", Reading.NUMBER, True), ("MAX", Reading.NUMBER, False),
    ("LAST", Reading.NUMBER, False), ("COUNT", Reading.NOTHING, False),
    ("UNIQUE_COUNT", Reading.DISTINCT_VALUE, False),
])
def test_what_ingest_reads_for_each_aggregation(aggregation: str, reads: Reading,
                                                positive: bool) -> None:
    assert (rule_of(aggregation).reads, rule_of(aggregation).positive) == (reads, positive)


def test_an_unknown_aggregation_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown aggregation"):
        rule_of("MEDIAN")
