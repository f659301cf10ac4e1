"""Identity use cases: sign up, sign in, refresh, sign out, and API keys."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from fluxrate_common.auth.apikeys import generate_api_key, tag_key
from fluxrate_common.auth.keyindex import upsert_key
from fluxrate_common.auth.revocations import record_revoked_session
from fluxrate_common.auth.tokens import issue_access_token
from fluxrate_common.db.eventstore import append_events
from fluxrate_common.events import API_KEYS, ORGS, SESSIONS, Envelope, EventType, new_id
from fluxrate_common.events.identity import (
    API_KEY_CREATED,
    API_KEY_REVOKED,
    API_KEY_USED,
    ORG_CREATED,
    SESSION_REVOKED,
    USER_REGISTERED,
)
from fluxrate_common.http.errors import NotFound, Unauthorized
from fluxrate_identity import repository as repo
from fluxrate_identity import sessions_repository as sessions
from fluxrate_identity.domain.api_keys import ApiKey, normalize_scopes
from fluxrate_identity.domain.passwords import check_password
from fluxrate_identity.domain.sessions import Verdict, judge_refresh
from fluxrate_identity.domain.throttle import ThrottlePolicy
from fluxrate_identity.settings import Settings
from fluxrate_identity.throttle import LoginThrottle

BAD_CREDENTIALS = Unauthorized("invalid_credentials", "email or password is incorrect")


@dataclass(frozen=True)
class SessionGrant:
    user: asyncpg.Record
    org: asyncpg.Record
    access_token: str
    refresh_token: str
    expires_in: int


def _token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class IdentityService:
    def __init__(self, pool: asyncpg.Pool, settings: Settings) -> None:
        self._pool = pool
        self._settings = settings
        self._hasher = PasswordHasher()
        # Verifying against this when the email is unknown keeps both answers equally slow.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        self._key_tag = tag_key(settings.jwt_secret.get_secret_value())
        self.on_session_revoked: Callable[[UUID, datetime], None] | None = None
        max_delay = timedelta(seconds=settings.login_max_delay_seconds)
        self.throttle = LoginThrottle(
            pool, ThrottlePolicy(settings.login_free_failures_per_account, max_delay),
            ThrottlePolicy(settings.login_free_failures_per_client, max_delay))

    def _topic(self, topic: Any) -> str:
        return topic.name(self._settings.kafka_namespace)

    async def signup(self, email: str, password: str, org_name: str, now: datetime) -> SessionGrant:
        email = email.strip().lower()
        check_password(password, email)
        password_hash = await asyncio.to_thread(self._hasher.hash, password)
        org_id, user_id = new_id(), new_id()
        async with self._pool.acquire() as conn, conn.transaction():
            await repo.insert_org(conn, org_id, org_name, now)
            await repo.insert_user(conn, user_id, org_id, email, password_hash, now)
            events = [ORG_CREATED.make(org_id, now, {"id": str(org_id), "name": org_name}),
                      USER_REGISTERED.make(org_id, now, {"id": str(user_id), "org_id": str(org_id)})]
            await append_events(conn, aggregate_type="org", aggregate_id=org_id, expected_version=0,
                                events=events, topic=self._topic(ORGS))
            return await self._new_session(conn, user_id, org_id, now)

    async def login(self, email: str, password: str, client: str, now: datetime) -> SessionGrant:
        email = email.strip().lower()
        await self.throttle.admit(email, client, now)
        user = await repo.user_by_email(self._pool, email)
        stored = user["password_hash"] if user else self._dummy_hash
        try:
            await asyncio.to_thread(self._hasher.verify, stored, password)
        except VerificationError:
            await self.throttle.failed(client, now)
            raise BAD_CREDENTIALS from None
        if user is None:
            await self.throttle.failed(client, now)
            raise BAD_CREDENTIALS
        await self.throttle.succeeded(email)
        async with self._pool.acquire() as conn, conn.transaction():
            if self._hasher.check_needs_rehash(stored):
                rehashed = await asyncio.to_thread(self._hasher.hash, password)
                await repo.set_password_hash(conn, user["id"], rehashed)
            await repo.record_login(conn, user["id"], now)
            return await self._new_session(conn, user["id"], user["org_id"], now)

    async def refresh(self, refresh_token: str | None, now: datetime) -> SessionGrant:
        """Rotate the refresh token within its session; a token used before revokes the session
        (every refresh token and access token it issued) and is refused."""
        if not refresh_token:
            raise Unauthorized("refresh_token_missing", "no refresh token; sign in again")
        token_hash = _token_hash(refresh_token)
        async with self._pool.acquire() as conn, conn.transaction():
            token = await sessions.refresh_token_for_update(conn, token_hash)
            verdict = judge_refresh(token, now)
            if verdict is Verdict.ROTATE:
                await sessions.mark_refresh_token_used(conn, token_hash, now)
                return await self._grant(conn, token.user_id, token.org_id, token.session_id,
                                         now)
            revoked = []
            if verdict is Verdict.REUSED:
                revoked = await self._revoke_session(conn, token.session_id, now,
                                                     "refresh_token_reused")
        self._announce(revoked)
        if verdict is Verdict.REUSED:
            raise Unauthorized("refresh_token_reused", "this refresh token was already used;"
                               " the session is revoked, sign in again")
        raise Unauthorized("refresh_token_invalid", "the refresh token is expired or used")

    async def logout(self, refresh_token: str | None, session_id: UUID | None,
                     now: datetime) -> None:
        """Revoke the session of the refresh token and that of the access token."""
        revoked = []
        async with self._pool.acquire() as conn, conn.transaction():
            if refresh_token:
                token = await sessions.refresh_token_for_update(conn, _token_hash(refresh_token))
                if token is not None and token.session_id != session_id:
                    revoked += await self._revoke_session(conn, token.session_id, now, "signed_out")
            if session_id is not None:
                revoked += await self._revoke_session(conn, session_id, now, "signed_out")
        self._announce(revoked)

    def _announce(self, revoked: list[tuple[UUID, datetime]]) -> None:
        """Committed: this process refuses the sessions at once; the others hear of it from
        the event."""
        if self.on_session_revoked is not None:
            for session_id, until in revoked:
                self.on_session_revoked(session_id, until)

    async def _revoke_session(self, conn: asyncpg.Connection, session_id: UUID, now: datetime,
                              reason: str) -> list[tuple[UUID, datetime]]:
        row = await sessions.revoke_session(conn, session_id, now, reason)
        if row is None:
            return []
        # Until the last access token it issued expires (verification allows 5 s of skew).
        until = now + timedelta(seconds=self._settings.access_token_ttl_seconds + 10)
        await record_revoked_session(conn, session_id, row["org_id"], until)
        event = SESSION_REVOKED.make(row["org_id"], now, {
            "id": str(session_id), "user_id": str(row["user_id"]), "reason": reason,
            "expires_at": until})
        await append_events(conn, aggregate_type="session", aggregate_id=session_id,
                            expected_version=0, events=[event], topic=self._topic(SESSIONS))
        return [(session_id, until)]

    async def _new_session(self, conn: asyncpg.Connection, user_id: UUID, org_id: UUID,
                           now: datetime) -> SessionGrant:
        session_id = new_id()
        await sessions.insert_session(conn, session_id, user_id, org_id, now)
        return await self._grant(conn, user_id, org_id, session_id, now)

    async def _grant(self, conn: asyncpg.Connection, user_id: UUID, org_id: UUID,
                     session_id: UUID, now: datetime) -> SessionGrant:
        ttl = timedelta(seconds=self._settings.access_token_ttl_seconds)
        access = issue_access_token(self._settings.jwt_secret.get_secret_value(), user_id, org_id,
                                    now, ttl, session_id)
        refresh = secrets.token_urlsafe(32)
        expires = now + timedelta(seconds=self._settings.refresh_token_ttl_seconds)
        await sessions.insert_refresh_token(conn, _token_hash(refresh), session_id, user_id,
                                            org_id, now, expires)
        user, org = await repo.user_and_org(conn, user_id, org_id)
        return SessionGrant(user, org, access, refresh, int(ttl.total_seconds()))

    async def me(self, user_id: UUID | None, org_id: UUID) -> tuple[asyncpg.Record | None, asyncpg.Record]:
        return await repo.user_and_org(self._pool, user_id, org_id)

    async def create_api_key(self, org_id: UUID, user_id: UUID | None, name: str,
                             scopes: list[str], now: datetime) -> tuple[ApiKey, str]:
        material = generate_api_key(self._key_tag)
        key = ApiKey(new_id(), org_id, name, normalize_scopes(scopes), material.display_prefix,
                     material.key_hash, user_id, now)
        async with self._pool.acquire() as conn, conn.transaction():
            await repo.insert_api_key(conn, key)
            await self._publish(conn, key, API_KEY_CREATED, now, expected_version=0)
        return key, material.plaintext

    async def revoke_api_key(self, org_id: UUID, key_id: UUID, now: datetime) -> ApiKey:
        async with self._pool.acquire() as conn, conn.transaction():
            key = await repo.api_key_for_update(conn, org_id, key_id)
            if key is None:
                raise NotFound("api_key")
            revoked = key.revoke(now)
            if revoked is not key:
                await repo.save_revocation(conn, revoked)
                await self._publish(conn, revoked, API_KEY_REVOKED, now, key.version)
            return revoked

    async def _publish(self, conn: asyncpg.Connection, key: ApiKey, event_type: EventType,
                       now: datetime, expected_version: int) -> None:
        await upsert_key(conn, key_id=key.id, org_id=key.org_id, key_hash=key.key_hash,
                         scopes=list(key.scopes), revoked_at=key.revoked_at, version=key.version)
        event = event_type.make(key.org_id, now, key.event_data())
        await append_events(conn, aggregate_type="api_key", aggregate_id=key.id,
                            expected_version=expected_version, events=[event],
                            topic=self._topic(API_KEYS))

    async def list_api_keys(self, org_id: UUID, limit: int,
                            after: tuple[datetime, UUID] | None) -> list[ApiKey]:
        return await repo.list_api_keys(self._pool, org_id, limit, after)

    async def record_key_usage(self, conn: asyncpg.Connection, event: Envelope) -> None:
        if API_KEY_USED.matches(event):
            await repo.record_key_used(conn, event.org_id, UUID(event.data["id"]), event.occurred_at)
