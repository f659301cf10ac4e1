"""Session access tokens: HS256 JWTs verified locally by every service.

An access token names its session (`sid`): one sign-in, whose refresh tokens rotate within it.
Signing out revokes the session, and every service refuses its tokens from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import jwt

ALGORITHM = "HS256"
ISSUER = "fluxrate"


class InvalidToken(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class SessionClaims:
    user_id: UUID | None  # None for a service token
    org_id: UUID
    expires_at: datetime
    kind: str = "access"
    session_id: UUID | None = None  # None for a service token


def issue_access_token(secret: str, user_id: UUID, org_id: UUID, now: datetime,
                       ttl: timedelta, session_id: UUID) -> str:
    claims = {"iss": ISSUER, "sub": str(user_id), "org": str(org_id), "typ": "access",
              "sid": str(session_id), "iat": int(now.timestamp()),
              "exp": int((now + ttl).timestamp())}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def issue_service_token(secret: str, service: str, org_id: UUID, now: datetime,
                        ttl: timedelta = timedelta(minutes=5)) -> str:
    """A short-lived, read-only token one service uses to ask another about one org."""
    claims = {"iss": ISSUER, "sub": f"service:{service}", "org": str(org_id), "typ": "service",
              "iat": int(now.timestamp()), "exp": int((now + ttl).timestamp())}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_access_token(secret: str, token: str) -> SessionClaims:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], issuer=ISSUER,
                            options={"require": ["exp", "sub", "org", "iss"]}, leeway=5)
    except jwt.ExpiredSignatureError:
        raise InvalidToken("session_expired", "the session has expired; sign in again") from None
    except jwt.InvalidTokenError:
        raise InvalidToken("invalid_session", "the session token is not valid") from None
    kind = claims.get("typ")
    if kind not in ("access", "service"):
        raise InvalidToken("invalid_session", "the session token is not valid")
    try:
        user_id = UUID(claims["sub"]) if kind == "access" else None
        session_id = UUID(claims["sid"]) if kind == "access" else None  # required: revocable
        return SessionClaims(user_id, UUID(claims["org"]),
                             datetime.fromtimestamp(claims["exp"]).astimezone(), kind, session_id)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidToken("invalid_session", "the session token is not valid") from None
