"""`fluxrate-catalog`: run the catalog service alone, as in production."""

from __future__ import annotations

from fluxrate_catalog.app import build_app
from fluxrate_catalog.settings import Settings
from fluxrate_common.runner import run_service


def main() -> None:
    run_service("catalog", Settings, build_app)


if __name__ == "__main__":
    main()
