"""Settings of the identity service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from pydantic import Field

from fluxrate_common.settings import ServiceSettings


class Settings(ServiceSettings):
    # Failed sign-ins that cost nothing before delays start (1 s, doubling up to the maximum).
    login_free_failures_per_account: int = Field(5, ge=1)
    login_free_failures_per_client: int = Field(20, ge=1)
    login_max_delay_seconds: int = Field(900, ge=1)
    # Reverse proxies in front of identity that append the client to X-Forwarded-For (0: the
    # peer's own address is the client's; never trust the header beyond your own proxies).
    trusted_proxy_hops: int = Field(0, ge=0, le=10)
