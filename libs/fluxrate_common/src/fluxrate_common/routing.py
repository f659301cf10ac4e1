"""The one routing table: which service answers which path.

`fluxrate dev` dispatches with it inside one process, `fluxrate gateway` in front of separate
processes, and the Kubernetes HTTPRoutes are generated from it (`fluxrate k8s-routes`); a test
keeps them equal. Only exact and prefix path matches (and methods) are used: those are ranked the
same by every Gateway API implementation, regular expressions are not. So no route may depend on
a regular expression, and `/api/v1/subscriptions/{id}/upcoming-invoice` reaches invoicing through
the subscriptions service (which passes it on, see `fluxrate_subscriptions.subscriptions.upcoming`).
"""

from __future__ import annotations

from dataclasses import dataclass

SERVICES = ("identity", "catalog", "ingest", "aggregator", "subscriptions", "invoicing", "webhooks")
WEB = "web"  # the dashboard: every path no service claims (the shortest prefix, so the last)
# Set by a service passing a request on to another through `fluxrate dev`, where every service
# shares one port; each service authenticates requests itself, so it grants nothing.
SERVICE_HEADER = "X-Fluxrate-Service"


@dataclass(frozen=True)
class Route:
    service: str
    path: str  # a path prefix (whole segments), or the whole path when `exact` is set
    methods: tuple[str, ...] = ()  # empty: every method
    exact: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.methods and method not in self.methods:
            return False
        if self.exact:
            return path == self.path
        return path == self.path or path.startswith(self.path.rstrip("/") + "/")


ROUTES: tuple[Route, ...] = (
    Route("identity", "/api/v1/auth"),
    Route("identity", "/api/v1/api-keys"),
    Route("identity", "/api/v1/branding"),
    Route("catalog", "/api/v1/meters"),
    Route("catalog", "/api/v1/features"),
    Route("catalog", "/api/v1/plans"),
    Route("ingest", "/api/v1/usage", methods=("POST",)),
    Route("ingest", "/api/v1/sdk"),
    Route("aggregator", "/api/v1/usage", methods=("GET", "HEAD")),
    Route("aggregator", "/api/v1/usage-queries"),
    Route("subscriptions", "/api/v1/customers"),
    Route("subscriptions", "/api/v1/subscriptions"),  # upcoming-invoice too: passed to invoicing
    Route("subscriptions", "/api/v1/entitlements"),
    Route("invoicing", "/api/v1/invoices"),
    # The customer portal: its page and summary, and the invoices it shows (PDFs included).
    Route("subscriptions", "/portal"),
    Route("subscriptions", "/api/v1/portal"),
    Route("invoicing", "/api/v1/portal/invoices"),
    Route("webhooks", "/api/v1/webhook-endpoints"),
    Route("webhooks", "/api/v1/webhook-event-types"),
    *(Route(service, f"/api/v1/openapi/{service}.json", exact=True) for service in SERVICES),
    Route("identity", "/api/v1/openapi.json", exact=True),  # the whole API's document
    *(Route(service, f"/api/v1/operator/{service}") for service in SERVICES),
    Route("identity", "/api/v1/docs"),  # the browsable reference of that document
    Route(WEB, "/"),
)


def _precedence(route: Route) -> tuple[int, int, int]:
    # Gateway API order: an exact match first, then the longest prefix, then a rule that names
    # methods before one that takes any.
    return (0 if route.exact else 1, -len(route.path), 0 if route.methods else 1)


_ORDERED = tuple(sorted(ROUTES, key=_precedence))


def service_for(method: str, path: str) -> str | None:
    for route in _ORDERED:
        if route.matches(method, path):
            return route.service
    return None
