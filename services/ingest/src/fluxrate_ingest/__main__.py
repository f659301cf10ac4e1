"""`fluxrate-ingest`: run the ingest service alone, as in production."""

from __future__ import annotations

from fluxrate_common.runner import run_service
from fluxrate_ingest.app import build_app
from fluxrate_ingest.settings import Settings


def main() -> None:
    run_service("ingest", Settings, build_app, workers=lambda settings: settings.ingest_workers)


if __name__ == "__main__":
    main()
