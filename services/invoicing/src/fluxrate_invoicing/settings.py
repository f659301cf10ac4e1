"""Settings of the invoicing service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from fluxrate_common.settings import ServiceSettings


class Settings(ServiceSettings):
    aggregator_url: str = "http://127.0.0.1:8080"
    invoice_grace_period_seconds: int = Field(3600, ge=0, description="DRAFT review window")
    invoice_net_days: int = Field(30, ge=0, le=365, description="due date = finalized + net days")
    invoice_worker_interval_ms: int = Field(1000, ge=10)
    invoice_worker_batch_size: int = Field(200, ge=1, le=10_000)
    # What this process runs besides the API: scale or isolate them (e.g. mailers apart).
    invoicing_roles: set[Literal["consumer", "worker", "mailer"]] = {"consumer", "worker", "mailer"}
    # Fetch logos from private, loopback and link-local addresses too (development only).
    logos_allow_private_targets: bool = False
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(1025, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_use_tls: bool = False
    smtp_from: str = "billing@fluxrate.local"
    smtp_timeout_seconds: float = Field(10.0, gt=0)
