"""Authenticate a request with an `X-API-Key` or the dashboard's `access_token` cookie,
locally: no call to identity on the request path."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from aiohttp import web

from fluxrate_common.auth.apikeys import hash_api_key, issued_by_us, tag_key
from fluxrate_common.auth.keyindex import ApiKeyCache
from fluxrate_common.auth.principal import AuthMode, Principal, Scope
from fluxrate_common.auth.revocations import RevokedSessions
from fluxrate_common.auth.tokens import InvalidToken, verify_access_token
from fluxrate_common.auth.usage import KeyUsageReporter
from fluxrate_common.http.errors import (
    Forbidden,
    ServiceUnavailable,
    Unauthorized,
    UnsupportedMediaType,
)

SESSION_COOKIE = "access_token"
SESSION_SCOPES = frozenset({"read", "write"})
SERVICE_SCOPES = frozenset({"read"})
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# The content types a browser sends cross-site without a CORS preflight.
_SIMPLE_CONTENT_TYPES = frozenset({"text/plain", "application/x-www-form-urlencoded",
                                   "multipart/form-data"})


class ServiceAuthenticator:
    def __init__(self, jwt_secret: str, new_key_wait: float = 1.0) -> None:
        self._jwt_secret = jwt_secret
        self._key_tag = tag_key(jwt_secret)
        self._new_key_wait = new_key_wait
        self.cache: ApiKeyCache | None = None
        self.reporter: KeyUsageReporter | None = None
        self.revoked: RevokedSessions | None = None

    async def authenticate(self, request: web.Request, mode: AuthMode, scope: Scope) -> Principal:
        api_key = request.headers.get("X-API-Key")  # header names are case-insensitive
        if api_key is not None:
            if mode == "session":
                raise Forbidden("session_required",
                                "this endpoint needs a dashboard session, not an API key")
            return await self.by_api_key(api_key, scope)
        return self.by_session(request, scope)

    async def by_api_key(self, api_key: str, scope: Scope) -> Principal:
        if self.cache is None:
            raise ServiceUnavailable("starting", "the service is starting", headers={"Retry-After": "1"})
        key_hash = hash_api_key(api_key)
        record = self.cache.lookup(key_hash)
        if record is None and issued_by_us(api_key, self._key_tag):
            # Ours but not here yet: created a moment ago, on its way (wait for it briefly).
            record = await self.cache.lookup_or_fetch(key_hash, self._new_key_wait)
        if record is None:
            raise Unauthorized("invalid_api_key", "the API key is not valid")
        if record.revoked:
            raise Unauthorized("api_key_revoked", "the API key has been revoked")
        if scope not in record.scopes:
            raise Forbidden("insufficient_scope", f"the API key lacks the '{scope}' scope")
        if self.reporter is not None:
            self.reporter.touch(record.id, record.org_id, time.time())
        return Principal(org_id=record.org_id, scopes=record.scopes, api_key_id=record.id)

    def by_session(self, request: web.Request, scope: Scope = "read") -> Principal:
        token = request.cookies.get(SESSION_COOKIE)
        from_cookie = token is not None
        if token is None:
            authorization = request.headers.get("Authorization", "")
            if authorization.lower().startswith("bearer "):
                token = authorization[7:].strip()
        if not token:
            raise Unauthorized("authentication_required",
                               "send an X-API-Key header or sign in for a session cookie")
        try:
            claims = verify_access_token(self._jwt_secret, token)
        except InvalidToken as error:
            raise Unauthorized(error.code, str(error)) from None
        if claims.kind == "service":  # another Fluxrate service reading on an org's behalf
            if scope == "write":
                raise Forbidden("insufficient_scope", "service tokens are read-only")
            return Principal(org_id=claims.org_id, scopes=SERVICE_SCOPES)
        if self.revoked is None:
            raise ServiceUnavailable("starting", "the service is starting", headers={"Retry-After": "1"})
        if self.revoked.is_revoked(claims.session_id):
            raise Unauthorized("session_revoked", "the session has been signed out; sign in again")
        if from_cookie and request.method in _WRITES:
            guard_cookie_write(request)
        return Principal(org_id=claims.org_id, scopes=SESSION_SCOPES, user_id=claims.user_id)


def guard_cookie_write(request: web.Request) -> None:
    """A write authenticated by a cookie must come from our own pages. Cookies are SameSite;
    beyond that, a write is refused when the browser says it comes from another site
    (`Sec-Fetch-Site`, or an `Origin` that is not this host), and its body must be JSON. What a
    page of another site can send without asking first (an HTML form, a no-cors fetch) is a
    form, multipart or text/plain body, or none: those content types are refused even empty,
    and any body must be `application/json`. Writes without a body (the dashboard's refresh,
    curl's `-X POST`) pass."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        raise Forbidden("cross_site_request", "cross-site requests with a session cookie are refused")
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc != request.host:
        raise Forbidden("cross_site_request", "cross-site requests with a session cookie are refused")
    content_type = request.content_type  # application/octet-stream when none is sent
    if content_type in _SIMPLE_CONTENT_TYPES or (request.body_exists
                                                 and content_type != "application/json"):
        raise UnsupportedMediaType(
            "json_required", "a request signed in with the session cookie must send its body"
            " as Content-Type: application/json", field="Content-Type")
