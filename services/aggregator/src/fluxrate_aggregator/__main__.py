"""`fluxrate-aggregator`: run the aggregator service alone, as in production."""

from __future__ import annotations

from fluxrate_aggregator.app import build_app
from fluxrate_aggregator.settings import Settings
from fluxrate_common.runner import run_service


def main() -> None:
    run_service("aggregator", Settings, build_app)


if __name__ == "__main__":
    main()
