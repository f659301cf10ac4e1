"""Settings of the subscriptions service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from pydantic import Field

from fluxrate_common.settings import ServiceSettings


class Settings(ServiceSettings):
    aggregator_url: str = "http://127.0.0.1:8080"
    invoicing_url: str = "http://127.0.0.1:8080"  # answers /subscriptions/{id}/upcoming-invoice
    scheduler_enabled: bool = True  # off: this process only serves the API
    scheduler_poll_interval_ms: int = Field(1000, ge=10)
    scheduler_batch_size: int = Field(200, ge=1, le=10_000)
    scheduler_max_periods_per_tick: int = Field(50, ge=1, le=10_000)
    entitlement_cache_ms: int = Field(1000, ge=0, le=60_000)
    # Links handed to customers (portal sessions) start with this; unset, with the request's own.
    public_url: str | None = None
    # The web app's build, whose portal.html is the portal's page (see portal_handlers);
    # `fluxrate dev` points it at this checkout's, the image has it at /app/web/dist.
    web_dist: str = "web/dist"
    # How often metered features are compared with their limits (entitlement.limit_reached).
    entitlement_notice_interval_ms: int = Field(30_000, ge=10)
