"""Give a service app what answering portal requests needs: the portal token verifier, the
revoked sessions it consults (the ones `install_auth` already keeps), and CORS on the portal
API (the token is the only credential, so any origin may call it: no cookie is read there)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from fluxrate_common.app import SETTINGS, follow
from fluxrate_common.auth.portal import PortalVerifier, apply_portal_session_event
from fluxrate_common.events import PORTAL_SESSIONS
from fluxrate_common.http.routes import AUTHENTICATOR, PORTAL_TOKENS

PORTAL_API = "/api/v1/portal/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization",
    "Access-Control-Expose-Headers": "Content-Disposition, X-Request-ID",
    "Access-Control-Max-Age": "600",
}


def install_portal_auth(app: web.Application, *, follow_events: bool) -> PortalVerifier:
    """After `install_auth`. `follow_events=False` for the owner of portal sessions, which
    records its own revocations in the revoking transaction."""
    settings = app[SETTINGS]
    verifier = app[PORTAL_TOKENS] = PortalVerifier(settings.jwt_secret.get_secret_value())

    async def revoked_sessions(app: web.Application) -> AsyncIterator[None]:
        verifier.revoked = app[AUTHENTICATOR].revoked  # loaded by install_auth's context
        yield

    app.cleanup_ctx.append(revoked_sessions)
    if follow_events:
        follow(app, name="portal-sessions", topics=(PORTAL_SESSIONS,),
               apply=apply_portal_session_event)
    app.router.add_route("OPTIONS", PORTAL_API + "{tail:.*}", _preflight)
    app.on_response_prepare.append(_cors)
    return verifier


async def _preflight(_: web.Request) -> web.Response:
    return web.Response(status=204, headers=CORS_HEADERS)


async def _cors(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith(PORTAL_API):
        response.headers.update(CORS_HEADERS)
