"""Prometheus metrics of webhook delivery (served at /metrics with every other)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

ATTEMPTS = Counter(
    "fluxrate_webhook_attempts_total",
    "Webhook delivery attempts by what followed: succeeded, retrying, failed (gave up)",
    ["outcome"],
)
ATTEMPT_LATENCY = Histogram(
    "fluxrate_webhook_attempt_duration_seconds", "How long an endpoint took to answer an attempt",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30),
)
PENDING = Gauge("fluxrate_webhook_deliveries_pending", "Webhook deliveries not yet settled")
OLDEST_PENDING = Gauge(
    "fluxrate_webhook_oldest_pending_seconds",
    "Age of the oldest webhook delivery not yet settled (0 when none waits)",
)
ENDPOINTS_DISABLED = Counter(
    "fluxrate_webhook_endpoints_disabled_total",
    "Endpoints disabled because every attempt failed for the disable period",
)
