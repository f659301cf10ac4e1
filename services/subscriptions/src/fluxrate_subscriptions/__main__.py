"""`fluxrate-subscriptions`: run the subscriptions service alone, as in production."""

from __future__ import annotations

from fluxrate_common.runner import run_service
from fluxrate_subscriptions.app import build_app
from fluxrate_subscriptions.settings import Settings


def main() -> None:
    run_service("subscriptions", Settings, build_app)


if __name__ == "__main__":
    main()
