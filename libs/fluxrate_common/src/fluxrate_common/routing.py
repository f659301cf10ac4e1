"""The one routing table: which service answers which path.

`fluxrate dev` dispatches with it inside one process; `deploy/k8s/httproute.yaml` is generated
from it (`fluxrate k8s-routes`), and a test keeps the two equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SERVICES = ("identity", "catalog", "ingest", "aggregator", "subscriptions", "invoicing")
WEB = "web"  # the dashboard: every path no service claims (the shortest prefix, so the last)


@dataclass(frozen=True)
class Route:
    service: str
    path: str  # a path prefix, or a regular expression when `regex` is set
    methods: tuple[str, ...] = ()  # empty: every method
    regex: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.methods and method not in self.methods:
            return False
        if self.regex:
            return re.fullmatch(self.path, path) is not None
        return path == self.path or path.startswith(self.path.rstrip("/") + "/")


ROUTES: tuple[Route, ...] = (
    Route("identity", "/api/v1/auth"),
    Route("identity", "/api/v1/api-keys"),
    Route("catalog", "/api/v1/meters"),
    Route("catalog", "/api/v1/features"),
    Route("catalog", "/api/v1/plans"),
    Route("ingest", "/api/v1/usage", methods=("POST",)),
    Route("ingest", "/api/v1/sdk"),
    Route("aggregator", "/api/v1/usage", methods=("GET", "HEAD")),
    Route("aggregator", "/api/v1/usage-queries"),
    Route("subscriptions", "/api/v1/customers"),
    Route("subscriptions", "/api/v1/subscriptions"),
    Route("subscriptions", "/api/v1/entitlements"),
    Route("invoicing", r"/api/v1/subscriptions/[^/]+/upcoming-invoice", regex=True),
    Route("invoicing", "/api/v1/invoices"),
    *(Route(service, f"/api/v1/openapi/{service}.json") for service in SERVICES),
    Route("identity", "/api/v1/openapi.json"),  # the whole API's document; every service has it
    *(Route(service, f"/api/v1/operator/{service}") for service in SERVICES),
    Route("identity", "/api/v1/docs"),  # the browsable reference of that document
    Route(WEB, "/"),
)


def _precedence(route: Route) -> tuple[int, int, int]:
    # Gateway API order: regular expressions (most specific here) first, then the longest
    # prefix, then a rule that names methods before one that takes any.
    return (0 if route.regex else 1, -len(route.path), 0 if route.methods else 1)


_ORDERED = tuple(sorted(ROUTES, key=_precedence))


def service_for(method: str, path: str) -> str | None:
    for route in _ORDERED:
        if route.matches(method, path):
            return route.service
    return None
