"""The identity service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from uuid import UUID

from aiohttp import web

from fluxrate_common.app import POOL, ServiceSpec, create_service_app, follow, start_background
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import API_KEY_USAGE, API_KEYS, ORGS, SESSIONS
from fluxrate_identity.branding import BrandingService
from fluxrate_identity.branding_handlers import BRANDING
from fluxrate_identity.docs import add_docs_routes
from fluxrate_identity.handlers import IDENTITY, routes
from fluxrate_identity.service import IdentityService
from fluxrate_identity.settings import Settings

SPEC = ServiceSpec(
    name="identity",
    package="fluxrate_identity",
    topics=(ORGS, API_KEYS, API_KEY_USAGE, SESSIONS),
    routes=routes,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)

    def refuse_here_at_once(session_id: UUID, until: datetime) -> None:
        authenticator.revoked.revoked_now(session_id, until)

    async def service(app: web.Application) -> AsyncIterator[None]:
        app[IDENTITY] = IdentityService(app[POOL], settings)
        app[BRANDING] = BrandingService(app[POOL], settings.kafka_namespace)
        app[IDENTITY].on_session_revoked = refuse_here_at_once
        yield

    app.cleanup_ctx.append(service)
    # Identity writes its own key index and revoked sessions in the transactions that change
    # them, so it follows no key or session events.
    authenticator = install_auth(app, follow_key_events=False)
    start_background(app, "login-failure-pruning", lambda: app[IDENTITY].throttle.prune_forever())
    add_docs_routes(app)
    follow(app, name="api-key-usage", topics=(API_KEY_USAGE,),
           apply=lambda conn, event: app[IDENTITY].record_key_usage(conn, event))
    return app
