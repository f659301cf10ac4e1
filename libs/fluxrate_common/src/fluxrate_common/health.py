"""`/healthz` (the process is alive), `/readyz` (what it needs to serve answers), `/metrics`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiohttp import web

from fluxrate_common.http.json import json_response
from fluxrate_common.metrics import render_latest

Check = Callable[[], Awaitable[None]]
READINESS = web.AppKey("readiness", dict)


async def run_checks(checks: dict[str, Check], timeout: float = 2.0) -> tuple[bool, dict[str, str]]:
    async def one(check: Check) -> str:
        try:
            await asyncio.wait_for(check(), timeout)
            return "ok"
        except Exception as error:
            return f"failing: {error!r}"

    names = list(checks)
    results = await asyncio.gather(*(one(checks[name]) for name in names))
    report = dict(zip(names, results, strict=True))
    return all(result == "ok" for result in results), report


async def healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    ready, report = await run_checks(request.app[READINESS])
    return json_response({"status": "ready" if ready else "not_ready", "checks": report},
                         status=200 if ready else 503)


async def metrics(request: web.Request) -> web.Response:
    body, content_type = render_latest()
    return web.Response(body=body, headers={"Content-Type": content_type})


def add_health_routes(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
