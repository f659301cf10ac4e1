"""Events: the envelope they travel in, the topics they travel on, and the catalogue that
declares every type (importing this package loads all of it)."""

from fluxrate_common.events import (
    catalog,
    customers,
    entitlements,
    identity,
    invoices,
    portal,
    subscriptions,
    usage,
)
from fluxrate_common.events.catalogue import CATALOGUE, EventType, Payload, UndeclaredEvent, declared
from fluxrate_common.events.envelope import PLATFORM_ORG, Envelope, fast_id, new_id
from fluxrate_common.events.topics import (
    API_KEY_USAGE,
    API_KEYS,
    CUSTOMERS,
    ENTITLEMENTS,
    FEATURES,
    INVOICES,
    METERS,
    ORGS,
    PLANS,
    PORTAL_SESSIONS,
    SESSIONS,
    SUBSCRIPTIONS,
    USAGE,
    USAGE_RECEIPTS,
    Topic,
)

__all__ = [
    "API_KEYS", "API_KEY_USAGE", "CATALOGUE", "CUSTOMERS", "ENTITLEMENTS", "FEATURES", "INVOICES",
    "METERS", "ORGS", "PLANS", "PLATFORM_ORG", "PORTAL_SESSIONS", "SESSIONS", "SUBSCRIPTIONS",
    "USAGE", "USAGE_RECEIPTS", "Envelope",
    "EventType", "Payload", "Topic", "UndeclaredEvent", "catalog", "customers", "declared",
    "entitlements", "fast_id", "identity", "invoices", "new_id", "portal", "subscriptions", "usage",
]
