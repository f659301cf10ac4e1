"""`GET /api/v1/subscriptions/{id}/upcoming-invoice` is answered by invoicing, but lives under
this service's path prefix. Gateway API implementations rank regular-expression matches
differently (some below every prefix), while exact and prefix matches route the same everywhere,
so the gateway sends the whole `/api/v1/subscriptions` prefix here and this one request is passed
on to invoicing, credentials and all: invoicing authenticates and scopes it itself."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from fluxrate_common.http.json import json_response
from fluxrate_common.routing import SERVICE_HEADER

PATH = "/api/v1/subscriptions/{subscription_id}/upcoming-invoice"
_PASSED_ON = ("Authorization", "Cookie", "X-API-Key", "Accept", "X-Request-Id")
_INVOICING = web.AppKey("invoicing", str)
_HTTP = web.AppKey("invoicing_http", aiohttp.ClientSession)


async def upcoming_invoice(request: web.Request) -> web.Response:
    headers = {name: request.headers[name] for name in _PASSED_ON if name in request.headers}
    headers[SERVICE_HEADER] = "invoicing"  # `fluxrate dev` serves every service on one port
    url = request.app[_INVOICING] + request.rel_url.path_qs
    try:
        async with request.app[_HTTP].get(url, headers=headers, allow_redirects=False) as upstream:
            body = await upstream.read()
            kept = {k: v for k, v in upstream.headers.items() if k in ("Content-Type", "Retry-After")}
            return web.Response(status=upstream.status, body=body, headers=kept)
    except (aiohttp.ClientError, TimeoutError):
        return json_response({"error": {"type": "unavailable", "code": "invoicing_unavailable",
                                        "message": "the invoicing service is not reachable"}},
                             status=503, headers={"Retry-After": "1"})


def pass_upcoming_invoice_to_invoicing(app: web.Application, invoicing_url: str) -> None:
    app[_INVOICING] = invoicing_url.rstrip("/")

    async def client(app: web.Application) -> AsyncIterator[None]:
        app[_HTTP] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30),
                                           auto_decompress=False)
        yield
        await app[_HTTP].close()

    app.cleanup_ctx.append(client)
    app.router.add_get(PATH, upcoming_invoice)
