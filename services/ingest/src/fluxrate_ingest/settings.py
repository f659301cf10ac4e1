"""Settings of the ingest service (`FLUXRATE_*` environment variables)."""

from __future__ import annotations

from fluxrate_common.settings import ServiceSettings


class Settings(ServiceSettings):
    pass
