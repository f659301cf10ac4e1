"""HTTP handlers: parse, call the service, serialise."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from aiohttp import web

from fluxrate_common.app import SETTINGS
from fluxrate_common.auth.authenticator import SESSION_COOKIE, guard_cookie_write
from fluxrate_common.auth.principal import Principal
from fluxrate_common.auth.tokens import InvalidToken, verify_access_token
from fluxrate_common.http.forwarded import client_address
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import PageQuery, decode_time_id_cursor, page
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_identity import branding_handlers
from fluxrate_identity.schemas import (
    ApiKeyCreatedOut,
    ApiKeyIn,
    ApiKeyOut,
    LoginIn,
    MeOut,
    OrgOut,
    SessionOut,
    SignupIn,
    UserOut,
)
from fluxrate_identity.service import IdentityService, SessionGrant

routes = ApiRoutes()
IDENTITY = web.AppKey("identity_service", IdentityService)
REFRESH_COOKIE = "refresh_token"
REFRESH_PATH = "/api/v1/auth"


def _now() -> datetime:
    return datetime.now(UTC)


def _session_response(request: web.Request, grant: SessionGrant, status: int) -> web.Response:
    body = SessionOut(user=UserOut(**dict(grant.user)), org=OrgOut(**dict(grant.org)),
                      access_token=grant.access_token, expires_in=grant.expires_in)
    response = json_response(body, status=status)
    settings = request.app[SETTINGS]
    response.set_cookie(SESSION_COOKIE, grant.access_token, max_age=grant.expires_in, path="/",
                        httponly=True, samesite="Lax", secure=settings.cookie_secure)
    response.set_cookie(REFRESH_COOKIE, grant.refresh_token,
                        max_age=settings.refresh_token_ttl_seconds, path=REFRESH_PATH,
                        httponly=True, samesite="Strict", secure=settings.cookie_secure)
    return response


@routes.post("/api/v1/auth/signup", service=IDENTITY, auth="none", body=SignupIn, response=SessionOut,
             status=201,
             summary="Create an organisation and its first user; signs the user in")
async def signup(request: web.Request, service: IdentityService, body: SignupIn) -> web.Response:
    grant = await service.signup(body.email, body.password, body.org_name, _now())
    return _session_response(request, grant, 201)


@routes.post("/api/v1/auth/login", service=IDENTITY, auth="none", body=LoginIn, response=SessionOut,
             throttled=True,
             summary="Sign in: sets the HttpOnly `access_token` cookie (also returned once);"
                     " repeated failures are answered 429 for a growing delay")
async def login(request: web.Request, service: IdentityService, body: LoginIn) -> web.Response:
    client = client_address(request, request.app[SETTINGS].trusted_proxy_hops)
    grant = await service.login(body.email, body.password, client, _now())
    return _session_response(request, grant, 200)


@routes.post("/api/v1/auth/refresh", service=IDENTITY, auth="none", response=SessionOut,
             summary="Exchange the refresh cookie for a new session (the refresh token rotates)")
async def refresh(request: web.Request, service: IdentityService) -> web.Response:
    if REFRESH_COOKIE in request.cookies:
        guard_cookie_write(request)
    grant = await service.refresh(request.cookies.get(REFRESH_COOKIE), _now())
    return _session_response(request, grant, 200)


def _session_of(request: web.Request) -> UUID | None:
    """The session the access token (cookie or bearer) names, if it is genuine."""
    token = request.cookies.get(SESSION_COOKIE)
    authorization = request.headers.get("Authorization", "")
    if token is None and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    if not token:
        return None
    try:
        return verify_access_token(request.app[SETTINGS].jwt_secret.get_secret_value(),
                                   token).session_id
    except InvalidToken:
        return None  # expired or forged: nothing of it to revoke


@routes.post("/api/v1/auth/logout", service=IDENTITY, auth="none", status=204,
             summary="Sign out: revokes the session (its access and refresh tokens, in every"
                     " service) and clears both cookies")
async def logout(request: web.Request, service: IdentityService) -> web.Response:
    if request.cookies:
        guard_cookie_write(request)
    await service.logout(request.cookies.get(REFRESH_COOKIE), _session_of(request), _now())
    response = web.Response(status=204)
    response.del_cookie(SESSION_COOKIE, path="/")
    response.del_cookie(REFRESH_COOKIE, path=REFRESH_PATH)
    return response


@routes.get("/api/v1/auth/me", service=IDENTITY, response=MeOut, summary="Who the credentials belong to")
async def me(request: web.Request, principal: Principal, service: IdentityService) -> web.Response:
    user, org = await service.me(principal.user_id, principal.org_id)
    body = MeOut(org=OrgOut(**dict(org)), user=UserOut(**dict(user)) if user else None,
                 auth="session" if principal.is_session else "api_key",
                 scopes=sorted(principal.scopes), api_key_id=principal.api_key_id)
    return json_response(body)


@routes.get("/api/v1/api-keys", service=IDENTITY, auth="session", query=PageQuery, response=ApiKeyOut,
            list_response=True, summary="List the organisation's API keys (never the keys)")
async def list_keys(request: web.Request, principal: Principal, service: IdentityService,
                    query: PageQuery) -> web.Response:
    after = decode_time_id_cursor(query.cursor)
    keys = await service.list_api_keys(principal.org_id, query.limit, after)
    result = page([ApiKeyOut.of(k) for k in keys], query.limit, key=lambda k: (k.created_at, k.id))
    return json_response(result)


@routes.post("/api/v1/api-keys", service=IDENTITY, auth="session", body=ApiKeyIn,
             response=ApiKeyCreatedOut,
             status=201, summary="Create an API key; the full key is in this response only")
async def create_key(request: web.Request, principal: Principal, service: IdentityService,
                     body: ApiKeyIn) -> web.Response:
    key, plaintext = await service.create_api_key(
        principal.org_id, principal.user_id, body.name, list(body.scopes), _now())
    return json_response(ApiKeyCreatedOut(**ApiKeyOut.of(key).model_dump(), key=plaintext),
                         status=201)


@routes.delete("/api/v1/api-keys/{key_id}", service=IDENTITY, auth="session", response=ApiKeyOut,
               summary="Revoke an API key, permanently")
async def revoke_key(request: web.Request, principal: Principal,
                     service: IdentityService) -> web.Response:
    key_id = parse_uuid(request.match_info["key_id"], "api_key")
    key = await service.revoke_api_key(principal.org_id, key_id, _now())
    return json_response(ApiKeyOut.of(key))


routes.include(branding_handlers.routes)
