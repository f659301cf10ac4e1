"""Middlewares every service app runs: request ids, the error envelope, metrics, access logs."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web

from fluxrate_common.http.errors import ApiError
from fluxrate_common.http.json import json_response
from fluxrate_common.logging import bound_context, get_logger
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


def request_context_middleware(service: str) -> Middleware:
    @web.middleware
    async def request_context(request: web.Request, handler: Handler) -> web.StreamResponse:
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        with bound_context(request_id=request_id, service=service):
            response = await handler(request)
            response.headers["X-Request-ID"] = request_id
            return response

    return request_context


def metrics_middleware(service: str) -> Middleware:
    @web.middleware
    async def metrics(request: web.Request, handler: Handler) -> web.StreamResponse:
        started = time.perf_counter()
        response = await handler(request)
        route = _route_label(request)
        HTTP_REQUESTS.labels(service, request.method, route, str(response.status)).inc()
        HTTP_LATENCY.labels(service, request.method, route).observe(time.perf_counter() - started)
        return response

    return metrics


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every failure leaves as the JSON error envelope; a bug is a 500 without a traceback."""
    try:
        return await handler(request)
    except ApiError as error:
        return json_response(error.body(), status=error.status, headers=error.headers)
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
    return [request_context_middleware(service), metrics_middleware(service), error_middleware]
