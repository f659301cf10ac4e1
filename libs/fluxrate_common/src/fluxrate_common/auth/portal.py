"""Customer portal tokens: short-lived, read-only, for one customer of one org.

A portal token is an HS256 JWT signed with a key derived from the platform's secret (so it can
never pass for a dashboard session, nor a session for it), naming its session, org and
customer. Every service that answers portal requests verifies it locally; a session revoked
before it expires is refused through `PortalRevocations`, an in-memory set fed the way API-key
revocations are: the owner (subscriptions) writes its own `portal_revocations` row in the
revoking transaction and publishes `portal_session.revoked`; every other service applies that
event to its own table, whose trigger NOTIFYs the process. Tens of milliseconds end to end;
a reload every minute covers a dropped listener.
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

from fluxrate_common.events import Envelope
from fluxrate_common.http.errors import ServiceUnavailable, Unauthorized
from fluxrate_common.listen import listen_forever

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


_INSERT = (
    "INSERT INTO portal_revocations (session_id, org_id, expires_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (session_id) DO NOTHING"
)
_LIVE = "SELECT session_id FROM portal_revocations WHERE expires_at > now() - interval '1 minute'"


async def record_revocation(conn: asyncpg.Connection, session_id: UUID, org_id: UUID,
                            expires_at: datetime) -> None:
    await conn.execute(_INSERT, session_id, org_id, expires_at)


async def apply_portal_session_event(conn: asyncpg.Connection, event: Envelope) -> None:
    if event.type == "portal_session.revoked":
        data = event.data
        await record_revocation(conn, UUID(data["id"]), event.org_id,
                                datetime.fromisoformat(data["expires_at"]))


class PortalRevocations:
    """The revoked, not yet expired, portal sessions: a set lookup per request."""

    def __init__(self, pool: asyncpg.Pool, database_url: str, schema: str,
                 reload_interval: float = 60.0) -> None:
        self._pool = pool
        self._database_url = database_url
        self._schema = schema
        self._reload_interval = reload_interval
        self._revoked: set[UUID] = set()
        self.loaded = False

    def is_revoked(self, session_id: UUID) -> bool:
        return session_id in self._revoked

    def revoked_now(self, session_id: UUID) -> None:
        """The revoking process itself refuses at once, before its NOTIFY comes back."""
        self._revoked.add(session_id)

    async def load_all(self) -> None:
        await self._pool.execute("DELETE FROM portal_revocations"
                                 " WHERE expires_at < now() - interval '1 hour'")
        rows = await self._pool.fetch(_LIVE)
        self._revoked = {row["session_id"] for row in rows}
        self.loaded = True

    def _on_notify(self, payload: str) -> None:
        self._revoked.add(UUID(payload))

    async def run(self) -> None:
        await listen_forever(self._database_url, self._schema, "portal_revocations",
                             self._on_notify, self.load_all, self._reload_interval)


class PortalVerifier:
    """What a service answering portal requests checks: signature, expiry, revocation."""

    def __init__(self, jwt_secret: str) -> None:
        self._key = portal_signing_key(jwt_secret)
        self.revocations: PortalRevocations | None = None

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
        if self.revocations is None or not self.revocations.loaded:
            raise ServiceUnavailable("starting", "the service is starting",
                                     headers={"Retry-After": "1"})
        if self.revocations.is_revoked(claims.session_id):
            raise Unauthorized("portal_session_revoked", "the portal session has been revoked")
        return claims


def expiry(now: datetime, ttl_seconds: int) -> datetime:
    """Whole seconds: the token's `exp` and the answer's `expires_at` say the same moment."""
    return (now + timedelta(seconds=ttl_seconds)).replace(microsecond=0)
