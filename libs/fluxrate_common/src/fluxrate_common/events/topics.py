"""The topics events travel on: `<namespace>.<service>.<entity>.v<N>`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """`<namespace>.<service>.<entity>.v<N>`; the namespace (default `fluxrate`) lets several
    environments share one Kafka cluster."""

    service: str
    entity: str
    version: int = 1
    high_volume: bool = False

    def name(self, namespace: str) -> str:
        return f"{namespace}.{self.service}.{self.entity}.v{self.version}"


ORGS = Topic("identity", "org")
API_KEYS = Topic("identity", "api_key")
API_KEY_USAGE = Topic("identity", "api_key_usage")
SESSIONS = Topic("identity", "session")
METERS = Topic("catalog", "meter")
FEATURES = Topic("catalog", "feature")
PLANS = Topic("catalog", "plan")
CUSTOMERS = Topic("subscriptions", "customer")
SUBSCRIPTIONS = Topic("subscriptions", "subscription")
PORTAL_SESSIONS = Topic("subscriptions", "portal_session")
USAGE = Topic("ingest", "usage", high_volume=True)
# Internal: the aggregator's receipts for usage messages it stored (ingest forgets them then).
USAGE_RECEIPTS = Topic("aggregator", "usage_receipt")
INVOICES = Topic("invoicing", "invoice")
# Entitlement notices (a metered feature nearing or at its limit), published by subscriptions.
ENTITLEMENTS = Topic("subscriptions", "entitlement")
