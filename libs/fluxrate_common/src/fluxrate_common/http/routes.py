"""Route declarations that authenticate, parse and document in one place.

`ApiRoutes` wraps aiohttp's route table: each handler declares its body and query models, its
auth mode and the use cases it calls (`service=`, the AppKey the app keeps them under); the
wrapper authenticates first, then parses, then hands the handler what it declared, and the same
declarations feed the service's OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

from aiohttp import web
from pydantic import BaseModel

from fluxrate_common.auth.principal import AuthMode, Principal, Scope
from fluxrate_common.http.ratelimit import RATE_LIMITER
from fluxrate_common.http.validation import check_storable, parse_body, parse_query

Handler = Callable[..., Awaitable[web.StreamResponse]]


class Authenticator(Protocol):
    async def authenticate(self, request: web.Request, mode: AuthMode, scope: Scope) -> Principal: ...


class PortalTokens(Protocol):
    def verify(self, request: web.Request) -> Any: ...


AUTHENTICATOR = web.AppKey("authenticator", Authenticator)
PORTAL_TOKENS = web.AppKey("portal_tokens", PortalTokens)
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class RouteSpec:
    method: str
    path: str
    summary: str
    auth: AuthMode
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: type[BaseModel] | None
    status: int
    list_response: bool
    read_only: bool = False  # a POST that only reads (a query too big for a URL)
    # False where the body's items are validated one by one with bounded types (a batch),
    # so one unstorable item is refused alone instead of the whole body
    screen_body: bool = True
    operation_id: str = ""  # the handler's name: what generated clients call the operation
    media_type: str = "application/json"  # what a success answers with
    throttled: bool = False  # may answer 429 though it needs no credentials (sign-in)
    # other success statuses the route answers with the same body, each with what it means
    also: tuple[tuple[int, str], ...] = ()
    service: web.AppKey[Any] | None = None  # what the handler gets as `service`

    @property
    def may_be_rate_limited(self) -> bool:
        return self.auth not in ("none", "operator") or self.throttled

    @property
    def scope(self) -> Scope:
        return "write" if self.method in _WRITE_METHODS and not self.read_only else "read"


class ApiRoutes:
    def __init__(self) -> None:
        self.table: list[web.RouteDef] = []  # what app.add_routes() takes
        self.specs: list[RouteSpec] = []

    def route(self, method: str, path: str, *, summary: str = "", auth: AuthMode = "any",
              body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
              response: type[BaseModel] | None = None, status: int = 200,
              list_response: bool = False, read_only: bool = False,
              screen_body: bool = True, throttled: bool = False,
              also: dict[int, str] | None = None,
              media_type: str = "application/json",
              service: web.AppKey[Any] | None = None) -> Callable[[Handler], Handler]:
        spec = RouteSpec(method, path, summary, auth, body, query, response, status, list_response,
                         read_only, screen_body=screen_body, media_type=media_type,
                         throttled=throttled, also=tuple((also or {}).items()), service=service)

        def register(handler: Handler) -> Handler:
            named = replace(spec, operation_id=handler.__name__)
            self.specs.append(named)
            self.table.append(web.route(method, path, _wrap(handler, named)))
            return handler

        return register

    def include(self, other: ApiRoutes) -> None:
        """Serve another module's routes too (a service split over several handler modules)."""
        self.specs.extend(other.specs)
        self.table.extend(other.table)

    def get(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("DELETE", path, **kwargs)


def _wrap(handler: Handler, spec: RouteSpec) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def endpoint(request: web.Request) -> web.StreamResponse:
        check_storable(dict(request.match_info), "path")
        kwargs: dict[str, Any] = {}
        limiter = request.app.get(RATE_LIMITER)
        if spec.auth == "portal":
            portal = kwargs["portal"] = request.app[PORTAL_TOKENS].verify(request)
            if limiter is not None:  # a portal session counts like a key, in its org's share
                limiter.charge_caller(str(portal.session_id), "portal session", portal.org_id)
        elif spec.auth not in ("none", "operator"):
            authenticator = request.app[AUTHENTICATOR]
            principal = await authenticator.authenticate(request, spec.auth, spec.scope)
            if limiter is not None:  # one unit per request, before any work on its body
                limiter.charge(principal)
            kwargs["principal"] = principal
        if spec.service is not None:
            kwargs["service"] = request.app[spec.service]
        if spec.query is not None:
            kwargs["query"] = parse_query(request, spec.query)
        if spec.body is not None:
            kwargs["body"] = await parse_body(request, spec.body, screen=spec.screen_body)
        return await handler(request, **kwargs)

    endpoint.__name__ = handler.__name__
    return endpoint
