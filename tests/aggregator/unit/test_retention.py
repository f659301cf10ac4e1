"""The retention window in days of event time: what the writer still stores, what the job
drops, and how an old edge of a usage question is answered."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from fluxrate_aggregator.domain.retention import (
    days_ahead,
    drop_before,
    horizon,
    needs_raw_before,
    whole_hours_before,
)
from fluxrate_aggregator.settings import Settings

NOW = datetime(2026, 11, 21, 15, 30, tzinfo=UTC)


def test_the_writer_stops_a_day_before_the_job_drops() -> None:
    assert horizon(NOW, 62) == datetime(2026, 9, 21, tzinfo=UTC)
    assert drop_before(NOW, 62) == date(2026, 9, 20)  # day 09-19 goes; 09-20 is the slack day
    assert days_ahead(NOW, 2) == [date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23)]


@pytest.mark.parametrize(("start", "end", "needs"), [
    (datetime(2026, 9, 1, 10, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), False),  # whole hours
    (datetime(2026, 9, 1, 10, 17, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC), True),
    (datetime(2026, 10, 1, 10, 17, tzinfo=UTC), datetime(2026, 11, 1, 9, 5, tzinfo=UTC), False),
])
def test_old_partial_hours_are_what_raw_events_no_longer_answer(start, end, needs) -> None:
    assert needs_raw_before(start, end, horizon(NOW, 62)) is needs


def test_an_old_edge_counts_its_whole_hour_and_a_recent_one_stays_exact() -> None:
    oldest = horizon(NOW, 62)
    start, end = datetime(2026, 9, 1, 10, 17, tzinfo=UTC), datetime(2026, 11, 1, 9, 5, tzinfo=UTC)
    assert whole_hours_before(start, end, oldest) == (datetime(2026, 9, 1, 10, tzinfo=UTC), end)
    old_end = datetime(2026, 9, 2, 8, 40, tzinfo=UTC)
    assert whole_hours_before(start, old_end, oldest)[1] == datetime(2026, 9, 2, 9, tzinfo=UTC)


def test_retention_covers_the_backfill_window_or_the_aggregator_does_not_start() -> None:
    assert Settings(ingest_backfill_days=35).event_retention_days == 62
    assert Settings(ingest_backfill_days=400).event_retention_days == 427
    assert Settings(ingest_backfill_days=35, aggregator_event_retention_days=37).event_retention_days == 37
    with pytest.raises(ValidationError, match="FLUXRATE_INGEST_BACKFILL_DAYS"):
        Settings(ingest_backfill_days=35, aggregator_event_retention_days=36)
