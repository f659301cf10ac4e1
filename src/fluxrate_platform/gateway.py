"""`fluxrate gateway`: one entry point in front of separately running services, routing by
the shared table. For docker compose and local multi-process runs; Kubernetes uses the
Gateway API HTTPRoute generated from the same table."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from fluxrate_common.http.json import json_response
from fluxrate_common.routing import service_for

UPSTREAMS = web.AppKey("upstreams", dict)
CLIENT = web.AppKey("client", aiohttp.ClientSession)
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "te", "trailer",
                         "upgrade", "proxy-authorization", "proxy-authenticate",
                         "content-length"})
# Host goes through unchanged (a service compares a browser's Origin with it); the client's
# address is appended to X-Forwarded-For (set FLUXRATE_TRUSTED_PROXY_HOPS=1 behind this).


def _unavailable(service: str) -> web.Response:
    return json_response({"error": {"type": "unavailable", "code": "upstream_unavailable",
                                    "message": f"the {service} service is not reachable"}},
                         status=503, headers={"Retry-After": "1"})


async def forward(request: web.Request) -> web.StreamResponse:
    service = service_for(request.method, request.path)
    if service not in request.app[UPSTREAMS]:  # e.g. the dashboard, when not given an upstream
        return json_response({"error": {"type": "not_found", "code": "route_not_found",
                                        "message": "not found"}}, status=404)
    headers = {k: v for k, v in request.headers.items()
               if k.lower() not in _HOP_BY_HOP and k.lower() != "x-forwarded-for"}
    headers["X-Forwarded-For"] = ", ".join([*request.headers.getall("X-Forwarded-For", []),
                                            request.remote or "unknown"])
    url = request.app[UPSTREAMS][service] + request.rel_url.path_qs
    try:
        async with request.app[CLIENT].request(request.method, url, headers=headers,
                                               data=await request.read()) as upstream:
            body = await upstream.read()
            out = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_BY_HOP}
            return web.Response(status=upstream.status, body=body, headers=out)
    except aiohttp.ClientConnectionError:
        return _unavailable(service)


async def _client(app: web.Application):
    app[CLIENT] = aiohttp.ClientSession(auto_decompress=False,
                                        timeout=aiohttp.ClientTimeout(total=60))
    yield
    await app[CLIENT].close()


def build_gateway(upstreams: dict[str, str], max_request_bytes: int) -> web.Application:
    app = web.Application(client_max_size=max_request_bytes)
    app[UPSTREAMS] = {name: url.rstrip("/") for name, url in upstreams.items()}
    app.cleanup_ctx.append(_client)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app
