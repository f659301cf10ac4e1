"""Settings of the aggregator service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from pydantic import Field

from fluxrate_common.settings import ServiceSettings


class Settings(ServiceSettings):
    aggregator_batch_records: int = Field(500, ge=1, le=100_000)
