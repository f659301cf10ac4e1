from __future__ import annotations

import pytest

from fluxrate_common.routing import service_for


@pytest.mark.parametrize(("method", "path", "service"), [
    ("POST", "/api/v1/auth/login", "identity"),
    ("GET", "/api/v1/api-keys", "identity"),
    ("DELETE", "/api/v1/api-keys/abc", "identity"),
    ("POST", "/api/v1/meters", "catalog"),
    ("PATCH", "/api/v1/plans/p1/charges/c1", "catalog"),
    ("POST", "/api/v1/usage", "ingest"),
    ("POST", "/api/v1/usage/batch", "ingest"),
    ("POST", "/api/v1/sdk/track", "ingest"),
    ("GET", "/api/v1/usage", "aggregator"),
    ("GET", "/api/v1/usage/events", "aggregator"),
    ("PUT", "/api/v1/customers/external/user_123", "subscriptions"),
    ("POST", "/api/v1/subscriptions/s1/cancel", "subscriptions"),
    ("GET", "/api/v1/subscriptions/s1/upcoming-invoice", "subscriptions"),  # passed on
    ("GET", "/api/v1/entitlements/check", "subscriptions"),
    ("POST", "/api/v1/invoices/i1/finalize", "invoicing"),
    ("GET", "/api/v1/openapi/catalog.json", "catalog"),
    ("GET", "/api/v1/openapi.json", "identity"),
    ("GET", "/api/v1/openapi.json/x", "web"),  # the JSON 404 under /api/
    ("GET", "/api/v1/docs", "identity"),
    ("GET", "/api/v1/docs/assets/swagger-ui-bundle.js", "identity"),
    # Whatever no service claims is the dashboard's: its pages, and a JSON 404 under /api/.
    ("GET", "/", "web"),
    ("GET", "/customers/c1", "web"),
    ("GET", "/assets/index-1a2b3c.js", "web"),
    ("GET", "/api/v1/meterssss", "web"),
    ("GET", "/healthz", "web"),
    ("DELETE", "/api/v1/usage", "web"),
])
def test_each_request_goes_to_the_service_that_owns_its_path(
        method: str, path: str, service: str | None) -> None:
    assert service_for(method, path) == service
