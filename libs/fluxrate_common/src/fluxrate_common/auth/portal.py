"""Customer portal tokens: short-lived, read-only, for one customer of one org.

A portal token is an HS256 JWT signed with a key derived from the platform's secret (so it can
never pass for a dashboard session, nor a session for it), naming its session, org and
customer. Every service that answers portal requests verifies it locally. A session revoked
before it expires joins the revoked sessions every service already holds in memory
(`auth/revocations.py`, the dashboard's): the owner (subscriptions) writes its own
`revoked_sessions` row in the revoking transaction and publishes `portal_session.revoked`;
every other service applies that event to its own table, whose trigger NOTIFYs the process on
the listener it already has. Tens of milliseconds end to end, and no connection of its own.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
import jwt
from aiohttp import web

from fluxrate_common.auth.revocations import RevokedSessions, record_revoked_session
from fluxrate_common.events import Envelope
from fluxrate_common.events.portal import PORTAL_SESSION_REVOKED
from fluxrate_common.http.errors import ServiceUnavailable, Unauthorized

ALGORITHM = "HS256"
ISSUER = "fluxrate"
AUDIENCE = "fluxrate-portal"
TOKEN_PARAMETER = "token"  # where a link (a PDF download, the portal page) carries it


@dataclass(frozen=True, slots=True)
class PortalClaims:
    session_id: UUID
    org_id: UUID
    customer_id: UUID
    expires_at: datetime


def portal_signing_key(jwt_secret: str) -> bytes:
    """Derived, so the session secret itself never signs a portal token."""
    return hmac.new(jwt_secret.encode(), b"fluxrate portal token v1", hashlib.sha256).digest()


def issue_portal_token(key: bytes, claims: PortalClaims, now: datetime) -> str:
    payload = {"iss": ISSUER, "aud": AUDIENCE, "typ": "portal", "sub": str(claims.session_id),
               "org": str(claims.org_id), "cus": str(claims.customer_id),
               "iat": int(now.timestamp()), "exp": int(claims.expires_at.timestamp())}
    return jwt.encode(payload, key, algorithm=ALGORITHM)


def verify_portal_token(key: bytes, token: str) -> PortalClaims:
    try:
        payload = jwt.decode(token, key, algorithms=[ALGORITHM], issuer=ISSUER, audience=AUDIENCE,
                             options={"require": ["exp", "sub", "org", "cus", "aud"]})
        if payload.get("typ") != "portal":
            raise jwt.InvalidTokenError("not a portal token")
        return PortalClaims(UUID(payload["sub"]), UUID(payload["org"]), UUID(payload["cus"]),
                            datetime.fromtimestamp(payload["exp"], UTC))
    except jwt.ExpiredSignatureError:
        raise Unauthorized("portal_session_expired",
                           "the portal session has expired; ask for a new link") from None
    except (jwt.InvalidTokenError, ValueError, TypeError):
        raise Unauthorized("invalid_portal_session", "the portal token is not valid") from None


def token_of(request: web.Request) -> str | None:
    """`Authorization: Bearer <token>`, else `?token=` (links cannot carry headers)."""
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return request.query.get(TOKEN_PARAMETER) or None


async def apply_portal_session_event(conn: asyncpg.Connection, event: Envelope) -> None:
    if PORTAL_SESSION_REVOKED.matches(event):
        revoked = PORTAL_SESSION_REVOKED.parse(event)
        await record_revoked_session(conn, revoked.id, event.org_id, revoked.expires_at)


class PortalVerifier:
    """What a service answering portal requests checks: signature, expiry, revocation."""

    def __init__(self, jwt_secret: str) -> None:
        self._key = portal_signing_key(jwt_secret)
        self.revoked: RevokedSessions | None = None  # the service's own, set when it starts

    @property
    def key(self) -> bytes:
        return self._key

    def verify(self, request: web.Request) -> PortalClaims:
        token = token_of(request)
        if token is None:
            raise Unauthorized("portal_token_required",
                               "send the portal token as 'Authorization: Bearer <token>'"
                               " or in the 'token' query parameter")
        claims = verify_portal_token(self._key, token)
        if self.revoked is None:
            raise ServiceUnavailable("starting", "the service is starting",
                                     headers={"Retry-After": "1"})
        if self.revoked.is_revoked(claims.session_id):
            raise Unauthorized("portal_session_revoked", "the portal session has been revoked")
        return claims


def expiry(now: datetime, ttl_seconds: int) -> datetime:
    """Whole seconds: the token's `exp` and the answer's `expires_at` say the same moment."""
    return (now + timedelta(seconds=ttl_seconds)).replace(microsecond=0)
