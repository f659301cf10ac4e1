"""The aggregator service's aiohttp application."""

from __future__ import annotations

from aiohttp import web

from fluxrate_aggregator.settings import Settings
from fluxrate_common.app import ServiceSpec, create_service_app
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import API_KEY_USAGE, API_KEYS, CUSTOMERS, METERS, SUBSCRIPTIONS, USAGE

SPEC = ServiceSpec(
    name="aggregator",
    package="fluxrate_aggregator",
    topics=(USAGE, METERS, CUSTOMERS, SUBSCRIPTIONS, API_KEYS, API_KEY_USAGE),
    outbox=False,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)
    return app
