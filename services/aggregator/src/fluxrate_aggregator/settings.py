"""Settings of the aggregator service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from pydantic import Field, model_validator

from fluxrate_common.settings import ServiceSettings

# Days the raw events (and so their idempotency keys) are kept beyond ingest's backfill window
# when no retention is set: the review window, redeliveries and an operator's replays fit in it.
RETENTION_MARGIN_DAYS = 27
# The least margin a set retention may leave: one day for the retention job's slack, one for
# the invoice review window and late redeliveries.
MIN_MARGIN_DAYS = 2


class Settings(ServiceSettings):
    aggregator_batch_records: int = Field(500, ge=1, le=100_000)
    # Read, not owned: the oldest event ingest accepts bounds how long copies can keep coming.
    ingest_backfill_days: int = Field(35, ge=1, le=3650)
    # Raw events are kept this many days of event time (0: backfill + 27 days); rollups for good.
    aggregator_event_retention_days: int = Field(0, ge=0, le=36500)
    aggregator_partitions_ahead_days: int = Field(3, ge=1, le=60)

    @model_validator(mode="after")
    def _window_covers_backfill(self) -> Settings:
        least = self.ingest_backfill_days + MIN_MARGIN_DAYS
        if self.aggregator_event_retention_days and self.aggregator_event_retention_days < least:
            raise ValueError(
                "FLUXRATE_AGGREGATOR_EVENT_RETENTION_DAYS must be at least "
                f"FLUXRATE_INGEST_BACKFILL_DAYS + {MIN_MARGIN_DAYS} ({least}): a copy of an event "
                "ingest still accepts must find the original to be dropped")
        return self

    @property
    def event_retention_days(self) -> int:
        return self.aggregator_event_retention_days or self.ingest_backfill_days + RETENTION_MARGIN_DAYS
