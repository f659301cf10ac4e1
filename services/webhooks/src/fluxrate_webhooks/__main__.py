"""`fluxrate-webhooks`: run the webhooks service alone, as in production."""

from __future__ import annotations

from fluxrate_common.runner import run_service
from fluxrate_webhooks.app import build_app
from fluxrate_webhooks.settings import Settings


def main() -> None:
    run_service("webhooks", Settings, build_app)


if __name__ == "__main__":
    main()
