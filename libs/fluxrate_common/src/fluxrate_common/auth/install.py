"""Give a service app local authentication: the key index cache, the revoked sessions, the
usage reporter and, for every service but identity, the consumer that fills both from
identity's events."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
from aiohttp import web

from fluxrate_common.app import POOL, PRODUCER, SETTINGS, SPEC, follow, start_background
from fluxrate_common.auth.authenticator import ServiceAuthenticator
from fluxrate_common.auth.keyindex import ApiKeyCache, apply_api_key_event
from fluxrate_common.auth.revocations import RevokedSessions, apply_session_event
from fluxrate_common.auth.usage import KeyUsageReporter
from fluxrate_common.events import API_KEY_USAGE, API_KEYS, SESSIONS, Envelope
from fluxrate_common.events.identity import SESSION_REVOKED
from fluxrate_common.http.routes import AUTHENTICATOR


def install_auth(app: web.Application, *, follow_key_events: bool = True) -> ServiceAuthenticator:
    settings = app[SETTINGS]
    settings.require_secrets()
    authenticator = ServiceAuthenticator(settings.jwt_secret.get_secret_value(),
                                         settings.read_model_wait_ms / 1000)
    app[AUTHENTICATOR] = authenticator

    async def key_cache(app: web.Application) -> AsyncIterator[None]:
        spec = app[SPEC]
        cache = ApiKeyCache(app[POOL], settings.database_url, spec.name)
        revoked = RevokedSessions(app[POOL], settings.database_url, spec.name)
        await cache.load_all()
        await revoked.load_all()
        authenticator.cache, authenticator.revoked = cache, revoked
        authenticator.reporter = KeyUsageReporter(
            app[PRODUCER], API_KEY_USAGE.name(settings.kafka_namespace),
            interval=settings.api_key_usage_flush_seconds)
        yield
        await authenticator.reporter.flush()

    app.cleanup_ctx.append(key_cache)
    start_background(app, "api-key-listener", lambda: authenticator.cache.run())
    start_background(app, "revoked-session-listener", lambda: authenticator.revoked.run())
    start_background(app, "api-key-usage", lambda: authenticator.reporter.run())
    if follow_key_events:  # one consumer for both: each one costs a group join at start
        follow(app, name="api-keys", topics=(API_KEYS, SESSIONS), apply=_apply_credential_event)
    return authenticator


async def _apply_credential_event(conn: asyncpg.Connection, event: Envelope) -> None:
    if SESSION_REVOKED.matches(event):
        await apply_session_event(conn, event)
    else:
        await apply_api_key_event(conn, event)
