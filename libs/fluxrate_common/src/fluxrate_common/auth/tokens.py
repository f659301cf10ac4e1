"""Session access tokens: HS256 JWTs verified locally by every service."""

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


def issue_access_token(secret: str, user_id: UUID, org_id: UUID, now: datetime,
                       ttl: timedelta) -> str:
    claims = {"iss": ISSUER, "sub": str(user_id), "org": str(org_id), "typ": "access",
              "iat": int(now.timestamp()), "exp": int((now + ttl).timestamp())}
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
        return SessionClaims(user_id, UUID(claims["org"]),
                             datetime.fromtimestamp(claims["exp"]).astimezone(), kind)
    except ValueError:
        raise InvalidToken("invalid_session", "the session token is not valid") from None
