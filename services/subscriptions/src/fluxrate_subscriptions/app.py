"""The subscriptions service's aiohttp application."""

from __future__ import annotations

from aiohttp import web

from fluxrate_common.app import ServiceSpec, create_service_app
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import (
    API_KEY_USAGE,
    API_KEYS,
    CUSTOMERS,
    FEATURES,
    INVOICES,
    METERS,
    PLANS,
    SUBSCRIPTIONS,
)
from fluxrate_subscriptions.settings import Settings

SPEC = ServiceSpec(
    name="subscriptions",
    package="fluxrate_subscriptions",
    topics=(CUSTOMERS, SUBSCRIPTIONS, PLANS, FEATURES, METERS, INVOICES, API_KEYS, API_KEY_USAGE),
    outbox=True,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)
    return app
