"""Settings of the ingest service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from pydantic import Field, model_validator

from fluxrate_common.settings import ServiceSettings


class Settings(ServiceSettings):
    db_pool_max_size: int = Field(20, ge=1)
    ingest_backfill_days: int = Field(35, ge=1, le=3650)
    ingest_max_future_seconds: int = Field(300, ge=0)
    ingest_max_batch_events: int = Field(1000, ge=1, le=10_000)
    ingest_edge_key_retention_days: int = Field(40, ge=1)
    ingest_flushers: int = Field(2, ge=1, le=16)
    # Processes serving ingest on one port (the kernel spreads connections); each is a replica
    # with its own pool, producer and consumers. In Kubernetes, scale pods instead.
    ingest_workers: int = Field(1, ge=1, le=64)
    # Acknowledged usage not confirmed by the aggregator after this long is published again
    # even with nothing to show it was lost (sooner when something does); duplicates are
    # dropped by the aggregator, so this only bounds how long a loss can go unrepaired.
    ingest_redeliver_after_seconds: int = Field(600, ge=10)
    # Publish everything unconfirmed again at start: for a broker that forgets (`fluxrate dev`).
    ingest_redeliver_on_start: bool = False
    # Fair share of a replica, in events per second (a batch of 1,000 counts 1,000).
    ingest_rate_limit_per_key: int = Field(10_000, ge=1)
    ingest_rate_limit_per_org: int = Field(20_000, ge=1)

    @model_validator(mode="after")
    def _a_full_batch_can_pass(self) -> Settings:
        for name in ("ingest_rate_limit_per_key", "ingest_rate_limit_per_org"):
            if getattr(self, name) < self.ingest_max_batch_events:
                raise ValueError(f"FLUXRATE_{name.upper()} must be at least "
                                 "FLUXRATE_INGEST_MAX_BATCH_EVENTS, or a full batch never passes")
        return self
