"""Every service app in one process on one port, dispatched by the shared routing table.

Each service keeps its own aiohttp application (middlewares, resources, background workers);
a custom matching rule hands a request to the app the routing table names, exactly as the
Gateway API route does in Kubernetes.
"""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

from aiohttp import web
from aiohttp.web_urldispatcher import AbstractRuleMatching, MatchedSubAppResource

from fluxrate_common.health import READINESS, metrics, run_checks
from fluxrate_common.http.json import json_response
from fluxrate_common.http.middleware import error_middleware
from fluxrate_common.routing import SERVICE_HEADER, WEB, service_for
from fluxrate_common.settings import ServiceSettings
from fluxrate_platform.services import SERVICES
from fluxrate_platform.webapp import DEFAULT_DIST, build_web_app

SUBAPPS = web.AppKey("subapps", dict)


# The dev server's own paths; aiohttp tries matched sub-apps before its own routes.
ROOT_PATHS = ("/healthz", "/readyz", "/metrics")


def _is_root_path(path: str) -> bool:
    return any(path == root or path.startswith(root + "/") for root in ROOT_PATHS)


class RoutedTo(AbstractRuleMatching):
    def __init__(self, service: str) -> None:
        self._service = service

    async def match(self, request: web.Request) -> bool:
        target = request.headers.get(SERVICE_HEADER) or service_for(request.method, request.path)
        return target == self._service and not _is_root_path(request.path)

    def get_info(self) -> dict[str, str]:
        return {"service": self._service}

    @property
    def canonical(self) -> str:
        return f"service:{self._service}"


def mount(root: web.Application, service: str, app: web.Application) -> None:
    # aiohttp's public add_domain() builds the same resource with a host rule; this is that
    # call with a path-and-method rule instead.
    root._add_subapp(partial(MatchedSubAppResource, RoutedTo(service), app), app)


async def wait_until_ready(root: web.Application, interval: float = 0.1) -> None:
    """Until every service's readiness checks pass (schema, broker, consumers caught up)."""
    while True:
        results = [await run_checks(app[READINESS]) for app in root[SUBAPPS].values()]
        if all(ready for ready, _ in results):
            return
        await asyncio.sleep(interval)


async def healthz(request: web.Request) -> web.Response:
    return json_response({"status": "ok", "services": dict.fromkeys(request.app[SUBAPPS], "ok")})


async def readyz(request: web.Request) -> web.Response:
    services = {}
    all_ready = True
    for name, app in request.app[SUBAPPS].items():
        ready, report = await run_checks(app[READINESS])
        services[name] = {"status": "ready" if ready else "not_ready", "checks": report}
        all_ready = all_ready and ready
    return json_response({"status": "ready" if all_ready else "not_ready", "services": services},
                         status=200 if all_ready else 503)


async def service_readyz(request: web.Request) -> web.Response:
    app = request.app[SUBAPPS].get(request.match_info["service"])
    if app is None:
        return json_response({"error": {"type": "not_found", "code": "service_not_found",
                                        "message": "no such service"}}, status=404)
    ready, report = await run_checks(app[READINESS])
    return json_response({"status": "ready" if ready else "not_ready", "checks": report},
                         status=200 if ready else 503)


def build_dev_app(settings: dict[str, ServiceSettings],
                  web_dist: Path = DEFAULT_DIST) -> web.Application:
    root = web.Application(middlewares=[error_middleware],
                           client_max_size=max(s.max_request_bytes for s in settings.values()))
    root.router.add_get("/healthz", healthz)
    root.router.add_get("/readyz", readyz)
    root.router.add_get("/readyz/{service}", service_readyz)
    root.router.add_get("/metrics", metrics)
    subapps = {}
    for name, entry in SERVICES.items():
        subapps[name] = entry.build_app(settings[name])
        mount(root, name, subapps[name])
    root[SUBAPPS] = subapps
    mount(root, WEB, build_web_app(web_dist, health=False))
    return root
