"""Settings of the webhooks service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from pydantic import Field, field_validator

from fluxrate_common.settings import ServiceSettings

THREE_DAYS = 3 * 24 * 3600


class Settings(ServiceSettings):
    # Waits between attempts of one delivery (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), the last
    # repeated until the retry window is over; each wait varies by +/- the jitter share.
    webhooks_retry_schedule_seconds: list[float] = [5, 300, 1800, 7200, 18000, 36000, 36000]
    webhooks_retry_window_seconds: float = Field(THREE_DAYS, gt=0)
    webhooks_retry_jitter: float = Field(0.2, ge=0, le=0.9)
    # An endpoint whose every attempt failed for this long is disabled, saying why.
    webhooks_disable_after_seconds: float = Field(THREE_DAYS, gt=0)
    webhooks_timeout_seconds: float = Field(15, gt=0, le=300)  # a 2xx within it is success
    webhooks_max_response_bytes: int = Field(4096, ge=0, le=1024 * 1024)  # read, then hang up
    # Private, loopback and link-local targets are refused unless this is set (development, tests).
    webhooks_allow_private_targets: bool = False
    webhooks_concurrency: int = Field(256, ge=1, le=10_000)  # requests in flight per process
    webhooks_endpoint_concurrency: int = Field(8, ge=1, le=1000)  # ... and per endpoint
    webhooks_poll_interval_ms: int = Field(500, ge=5)
    webhooks_secret_overlap_seconds: int = Field(24 * 3600, ge=0, le=7 * 24 * 3600)
    webhooks_retention_days: int = Field(30, ge=1)

    @field_validator("webhooks_retry_schedule_seconds")
    @classmethod
    def _positive_waits(cls, value: list[float]) -> list[float]:
        if not value or any(wait <= 0 for wait in value):
            raise ValueError("must be a non-empty list of positive seconds")
        return value
