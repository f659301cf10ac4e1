"""`fluxrate-invoicing`: run the invoicing service alone, as in production."""

from __future__ import annotations

from fluxrate_common.runner import run_service
from fluxrate_invoicing.app import build_app
from fluxrate_invoicing.settings import Settings


def main() -> None:
    run_service("invoicing", Settings, build_app)


if __name__ == "__main__":
    main()
