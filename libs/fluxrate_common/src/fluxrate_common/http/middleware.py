"""Middlewares every service app runs: request ids, the error envelope, metrics (and the
`Server-Timing` of each answer), access logs."""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from fluxrate_common.http.errors import ApiError, DomainError, domain_error_body
from fluxrate_common.http.json import json_response
from fluxrate_common.logging import REQUEST_ID, SERVICE, get_logger
from fluxrate_common.metrics import HTTP_LATENCY, HTTP_REQUESTS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Middleware = Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]
log = get_logger("fluxrate.http")

_STATUS_CODES = {
    400: ("invalid_request", "bad_request"),
    401: ("authentication_error", "unauthenticated"),
    403: ("permission_error", "forbidden"),
    404: ("not_found", "route_not_found"),
    405: ("invalid_request", "method_not_allowed"),
    413: ("invalid_request", "request_too_large"),
}


def _route_label(request: web.Request) -> str:
    route = request.match_info.route
    resource = route.resource if route is not None else None
    return resource.canonical if resource is not None else "unmatched"


def _envelope_for_http_exception(error: web.HTTPException) -> web.Response:
    error_type, code = _STATUS_CODES.get(error.status, ("invalid_request", "http_error"))
    headers = {k: v for k, v in error.headers.items() if k.lower() in ("allow", "retry-after")}
    body = {"error": {"type": error_type, "code": code, "message": error.reason.lower()}}
    return json_response(body, status=error.status, headers=headers)


class _RouteMetrics:
    """Labelled children looked up once per (method, route, status), not on every request."""

    def __init__(self, service: str) -> None:
        self._service = service
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._histograms: dict[tuple[str, str], Any] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        counter = self._counters.get((method, route, status))
        if counter is None:
            counter = self._counters[(method, route, status)] = HTTP_REQUESTS.labels(
                self._service, method, route, str(status))
        histogram = self._histograms.get((method, route))
        if histogram is None:
            histogram = self._histograms[(method, route)] = HTTP_LATENCY.labels(
                self._service, method, route)
        counter.inc()
        histogram.observe(seconds)


def service_middleware(service: str) -> Middleware:
    """Request id, the error envelope and metrics in one layer (each layer costs a coroutine
    per request on the hot path)."""
    metrics = _RouteMetrics(service)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        # A correlation id, not a secret: the fast generator is enough.
        request_id = request.headers.get("X-Request-ID") or f"{random.getrandbits(128):032x}"
        request_token, service_token = REQUEST_ID.set(request_id), SERVICE.set(service)
        try:
            response = await error_middleware(request, handler)
        finally:
            REQUEST_ID.reset(request_token)
            SERVICE.reset(service_token)
        elapsed = time.perf_counter() - started
        response.headers["X-Request-ID"] = request_id
        # The time the service took, as browsers' developer tools and benchmarks read it.
        response.headers["Server-Timing"] = f"app;dur={elapsed * 1000:.2f}"
        metrics.observe(request.method, _route_label(request), response.status, elapsed)
        return response

    return middleware


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every failure leaves as the JSON error envelope; a bug is a 500 without a traceback."""
    try:
        return await handler(request)
    except ApiError as error:
        return json_response(error.body(), status=error.status, headers=error.headers)
    except DomainError as error:
        status, body = domain_error_body(error)
        return json_response(body, status=status)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return _envelope_for_http_exception(error)
    except Exception:
        log.exception("unhandled_error", path=request.path, method=request.method)
        body = {"error": {"type": "api_error", "code": "internal_error",
                          "message": "internal error; the request id identifies it in our logs"}}
        return json_response(body, status=500)


def make_middlewares(service: str) -> list[Middleware]:
    return [service_middleware(service)]
