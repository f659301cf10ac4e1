"""Prometheus metrics shared by all services; `service` is a label so one process can host many."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

HTTP_REQUESTS = Counter(
    "fluxrate_http_requests_total",
    "HTTP requests served",
    ["service", "method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "fluxrate_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
CONSUMER_LAG = Gauge(
    "fluxrate_consumer_lag_messages",
    "Messages between a consumer's committed position and the partition end",
    ["service", "group", "topic", "partition"],
)
CONSUMER_BATCH_SIZE = Histogram(
    "fluxrate_consumer_batch_size",
    "Records handled per consumer batch",
    ["service", "group"],
    buckets=(1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000),
)
CONSUMER_RECORDS = Counter(
    "fluxrate_consumer_records_total",
    "Records handled by consumers (including skipped duplicates)",
    ["service", "group", "outcome"],
)
CONSUMER_POSITION_RESETS = Counter(
    "fluxrate_consumer_position_resets_total",
    "Partitions a consumer restarted from the earliest offset: no committed position (a new"
    " group) or one the broker no longer has (a broker that lost its log, or retention)",
    ["service", "group", "reason"],
)
CONSUMER_REBUILDS = Counter(
    "fluxrate_consumer_rebuilds_total",
    "Times a consumer was rebuilt after the broker failed it (it rejoins and resumes from the"
    " committed position)",
    ["service", "group"],
)
UNCONFIRMED_USAGE = Gauge(
    "fluxrate_ingest_unconfirmed_messages",
    "Acknowledged usage messages the aggregator has not yet confirmed storing",
)
UNCONFIRMED_OLDEST = Gauge(
    "fluxrate_ingest_unconfirmed_oldest_seconds",
    "Age of the oldest acknowledged usage message the aggregator has not yet confirmed",
)
USAGE_REDELIVERED = Counter(
    "fluxrate_ingest_usage_redelivered_total",
    "Usage messages published again because the broker lost them (or might have)",
)
OUTBOX_PUBLISHED = Counter(
    "fluxrate_outbox_published_total", "Outbox rows published to Kafka", ["service"]
)
OUTBOX_PENDING = Gauge(
    "fluxrate_outbox_pending_rows", "Outbox rows waiting to be published", ["service"]
)
OUTBOX_OLDEST = Gauge(
    "fluxrate_outbox_oldest_unpublished_seconds",
    "Age of the oldest outbox row not yet published (0 when none waits)", ["service"]
)
DEAD_LETTERS_OPEN = Gauge(
    "fluxrate_dead_letters_open",
    "Records parked as dead letters, neither replayed nor discarded yet", ["service", "consumer"]
)
SCHEDULER_LAG = Gauge(
    "fluxrate_scheduler_lag_seconds",
    "How long the oldest due period boundary has been waiting (0 when none is due)"
)
SUBSCRIPTIONS_QUARANTINED = Gauge(
    "fluxrate_subscriptions_quarantined",
    "Subscriptions the scheduler set aside because they could not be advanced"
)


def render_latest() -> tuple[bytes, str]:
    return generate_latest(), CONTENT_TYPE_LATEST
