"""Refresh tokens rotate within a session; a token presented again after its rotation was
stolen or replayed, so the whole session is revoked. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

# Two tabs refreshing the same session at the same moment both send the token; the second is
# refused (its tab already has the new cookie) without ending the session.
REUSE_GRACE = timedelta(seconds=5)


@dataclass(frozen=True)
class StoredRefreshToken:
    session_id: UUID
    user_id: UUID
    org_id: UUID
    expires_at: datetime
    used_at: datetime | None
    session_revoked_at: datetime | None


class Verdict(StrEnum):
    ROTATE = "rotate"  # valid: mark it used, issue the next token of the session
    INVALID = "invalid"  # unknown, expired, or its session has ended
    RACED = "raced"  # used a moment ago by a concurrent refresh of the same session
    REUSED = "reused"  # used before: revoke the session, every token it issued


def judge_refresh(token: StoredRefreshToken | None, now: datetime) -> Verdict:
    if token is None or token.session_revoked_at is not None or token.expires_at <= now:
        return Verdict.INVALID
    if token.used_at is None:
        return Verdict.ROTATE
    if now - token.used_at <= REUSE_GRACE:
        return Verdict.RACED
    return Verdict.REUSED
