"""`fluxrate-identity`: run the identity service alone, as in production."""

from __future__ import annotations

from fluxrate_common.runner import run_service
from fluxrate_identity.app import build_app
from fluxrate_identity.settings import Settings


def main() -> None:
    run_service("identity", Settings, build_app)


if __name__ == "__main__":
    main()
