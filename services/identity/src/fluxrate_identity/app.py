"""The identity service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from fluxrate_common.app import POOL, ServiceSpec, create_service_app, follow
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import API_KEY_USAGE, API_KEYS, ORGS
from fluxrate_identity.docs import add_docs_routes
from fluxrate_identity.handlers import SERVICE, routes
from fluxrate_identity.service import IdentityService
from fluxrate_identity.settings import Settings

SPEC = ServiceSpec(
    name="identity",
    package="fluxrate_identity",
    topics=(ORGS, API_KEYS, API_KEY_USAGE),
    routes=routes,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)

    async def service(app: web.Application) -> AsyncIterator[None]:
        app[SERVICE] = IdentityService(app[POOL], settings)
        yield

    app.cleanup_ctx.append(service)
    # Identity writes its own key index in the key's transaction, so it follows no key events.
    install_auth(app, follow_key_events=False)
    add_docs_routes(app)
    follow(app, name="api-key-usage", topics=(API_KEY_USAGE,),
           apply=lambda conn, event: app[SERVICE].record_key_usage(conn, event))
    return app
