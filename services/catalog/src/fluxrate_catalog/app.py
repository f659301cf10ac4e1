"""The catalog service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from fluxrate_catalog.handlers import SERVICE, routes
from fluxrate_catalog.service import CatalogService
from fluxrate_catalog.settings import Settings
from fluxrate_common.app import POOL, ServiceSpec, create_service_app
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import API_KEY_USAGE, API_KEYS, FEATURES, METERS, PLANS, SESSIONS

SPEC = ServiceSpec(
    name="catalog",
    package="fluxrate_catalog",
    topics=(METERS, FEATURES, PLANS, API_KEYS, API_KEY_USAGE, SESSIONS),
    routes=routes,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)

    async def service(app: web.Application) -> AsyncIterator[None]:
        app[SERVICE] = CatalogService(app[POOL], settings.kafka_namespace)
        yield

    app.cleanup_ctx.append(service)
    install_auth(app)
    return app
