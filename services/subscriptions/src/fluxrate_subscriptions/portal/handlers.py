"""HTTP handlers of the customer portal: sessions (for the org), the portal's page and its
summary (for the customer holding a portal token)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any
from uuid import UUID

from aiohttp import web

from fluxrate_common.app import POOL, SETTINGS
from fluxrate_common.auth.portal import PortalClaims
from fluxrate_common.auth.principal import Principal
from fluxrate_common.branding import branding_of
from fluxrate_common.embedding import portal_document_policy
from fluxrate_common.http.errors import ApiError
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import PORTAL_TOKENS, ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_subscriptions.portal.schemas import (
    PortalSessionCreatedOut,
    PortalSessionIn,
    PortalSessionListQuery,
    PortalSessionOut,
    PortalSummaryOut,
)
from fluxrate_subscriptions.portal.service import PortalSessions, public
from fluxrate_subscriptions.portal.summary import PortalSummary
from fluxrate_subscriptions.shared.handlers import now

PORTAL_SESSIONS = web.AppKey("portal_sessions", PortalSessions)
PORTAL_SUMMARY = web.AppKey("portal_summary", PortalSummary)
PAGE_PATH = "/portal"

routes = ApiRoutes()


def _customer_id(request: web.Request) -> UUID:
    return parse_uuid(request.match_info["customer_id"], "customer")


def _created(request: web.Request, session: dict[str, Any], token: str) -> web.Response:
    """The new session with the portal's link: on the public URL, else where it was asked."""
    settings = request.app[SETTINGS]
    base = (settings.public_url or str(request.url.origin())).rstrip("/")
    answer = {**public(session), "url": f"{base}{PAGE_PATH}?token={token}", "token": token}
    return json_response(answer, status=201)


@routes.post("/api/v1/customers/{customer_id}/portal-sessions", service=PORTAL_SESSIONS,
             body=PortalSessionIn, response=PortalSessionCreatedOut, status=201,
             summary="A read-only portal link for one customer (1 hour by default)")
async def create_portal_session(request: web.Request, principal: Principal, service: PortalSessions,
                                body: PortalSessionIn) -> web.Response:
    session, token = await service.create(principal.org_id, _customer_id(request), None,
                                          body.expires_in, now())
    return _created(request, session, token)


@routes.post("/api/v1/customers/external/{external_id}/portal-sessions", service=PORTAL_SESSIONS,
             body=PortalSessionIn, response=PortalSessionCreatedOut, status=201,
             summary="A read-only portal link for one customer, named by your own id")
async def create_portal_session_by_external_id(request: web.Request, principal: Principal,
                                               service: PortalSessions,
                                               body: PortalSessionIn) -> web.Response:
    session, token = await service.create(principal.org_id, None, request.match_info["external_id"],
                                          body.expires_in, now())
    return _created(request, session, token)


@routes.get("/api/v1/customers/{customer_id}/portal-sessions", service=PORTAL_SESSIONS,
            query=PortalSessionListQuery, response=PortalSessionOut, list_response=True,
            summary="The customer's portal sessions, newest first (never their tokens)")
async def list_portal_sessions(request: web.Request, principal: Principal, service: PortalSessions,
                               query: PortalSessionListQuery) -> web.Response:
    rows = await service.list(principal.org_id, _customer_id(request), query.limit)
    return json_response({"data": [public(row) for row in rows], "next_cursor": None})


@routes.delete("/api/v1/customers/{customer_id}/portal-sessions/{session_id}",
               service=PORTAL_SESSIONS, response=PortalSessionOut,
               summary="Revoke a portal session now: its link stops working everywhere")
async def revoke_portal_session(request: web.Request, principal: Principal,
                                service: PortalSessions) -> web.Response:
    session_id = parse_uuid(request.match_info["session_id"], "portal_session")
    row = await service.revoke(principal.org_id, _customer_id(request), session_id, now())
    return json_response(public(row))


@routes.get("/api/v1/portal/summary", auth="portal", service=PORTAL_SUMMARY,
            response=PortalSummaryOut,
            summary="The portal's home in one call: plan, entitlements, usage, invoices")
async def portal_summary(request: web.Request, portal: PortalClaims,
                         service: PortalSummary) -> web.Response:
    body = await service.summary(portal.org_id, portal.customer_id, now())
    return json_response({**body, "session": {"expires_at": portal.expires_at}})


# -- the page ------------------------------------------------------------------------------

PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                "X-Content-Type-Options": "nosniff"}
_NOT_BUILT = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name}"
              "</title></head><body><h1>{name}</h1><p>{message}</p></body></html>")


def _page_body(dist: Path, org_name: str | None) -> str:
    """The web app's portal page (web/portal.html, built): it reads its token from the URL."""
    index = dist / "portal.html"
    if index.is_file():
        return index.read_text()
    return _NOT_BUILT.format(name=escape(org_name or "Billing portal"),
                             message="The portal's pages are not installed on this server.")


async def portal_page(request: web.Request) -> web.Response:
    """The portal's document: served only with a valid token, and framable only by the org's
    own sites (`frame-ancestors` from its branding; nobody by default)."""
    try:
        claims = request.app[PORTAL_TOKENS].verify(request)
    except ApiError as error:
        page = _NOT_BUILT.format(name="Billing portal", message=escape(error.message))
        headers = {**PAGE_HEADERS, "Content-Security-Policy": portal_document_policy([], None)}
        return web.Response(text=page, status=error.status, content_type="text/html",
                            headers=headers)
    branding: dict[str, Any] = await branding_of(request.app[POOL], claims.org_id)
    policy = portal_document_policy(branding["portal_allowed_origins"], branding["logo_url"])
    body = _page_body(Path(request.app[SETTINGS].web_dist), branding["name"])
    return web.Response(text=body, content_type="text/html",
                        headers={**PAGE_HEADERS, "Content-Security-Policy": policy})


def add_portal_page(app: web.Application) -> None:
    app.router.add_get(PAGE_PATH, portal_page)
    app.router.add_get(PAGE_PATH + "/{tail:.*}", portal_page)
