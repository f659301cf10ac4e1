"""What a customer's plan unlocks: switches, custom values, and metered allowances with the
usage of the current reset window (asked of the aggregator)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.http.errors import NotFound
from fluxrate_subscriptions import subscriptions_repository as repo
from fluxrate_subscriptions.customers_repository import CustomerRepository
from fluxrate_subscriptions.domain.subscriptions import Subscription, current_window
from fluxrate_subscriptions.readmodels import Catalog

GRANTING = frozenset({"TRIAL", "ACTIVE", "PAST_DUE"})  # paused and canceled plans unlock nothing

Grant = tuple[Subscription, dict[str, Any], dict[str, Any]]  # subscription, plan entry, feature


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class EntitlementService:
    def __init__(self, pool: asyncpg.Pool, catalog: Catalog, customers: CustomerRepository,
                 usage: UsageClient) -> None:
        self._pool = pool
        self._catalog = catalog
        self._customers = customers
        self._usage = usage

    async def customer(self, org_id: UUID, customer_id: UUID | None, external_id: str | None) -> UUID:
        if external_id is not None:
            found = await self._customers.by_external_id(self._pool, org_id, external_id)
            if found is None:
                raise NotFound("customer", field="customer_external_id")
            return found.id
        if await self._customers.get(self._pool, org_id, customer_id) is None:
            raise NotFound("customer", field="customer_id")
        return customer_id

    async def grants(self, org_id: UUID, customer_id: UUID) -> list[Grant]:
        """Every feature of every plan the customer is on now (newest subscription wins)."""
        subs = [s for s in await repo.for_customer(self._pool, org_id, customer_id)
                if s.status.value in GRANTING]
        plans = await self._catalog.plans(self._pool, org_id, {s.plan_id for s in subs})
        entries = {UUID(e["feature_id"]): (s, e) for s in subs
                   for e in plans.get(s.plan_id, {}).get("features", [])}
        features = await self._catalog.features(org_id, list(entries))
        return [(sub, entry, features[fid]) for fid, (sub, entry) in entries.items()
                if fid in features and features[fid]["status"] == "ACTIVE"]

    async def describe(self, org_id: UUID, customer_id: UUID, grant: Grant,
                       now: datetime) -> dict[str, Any]:
        sub, entry, feature = grant
        base = {"feature_id": feature["id"], "feature": feature["name"], "type": feature["type"],
                "subscription_id": sub.id}
        if feature["type"] == "SWITCH":
            value = entry["value"] if entry.get("value") is not None else feature["value"]
            return {**base, "allowed": bool(value), "value": value}
        if feature["type"] == "CUSTOM":
            value = entry["value"] if entry.get("value") is not None else feature["value"]
            return {**base, "allowed": True, "value": value}
        return {**base, **await self._metered(org_id, customer_id, sub, entry, feature, now)}

    async def _metered(self, org_id: UUID, customer_id: UUID, sub: Subscription,
                       entry: dict[str, Any], feature: dict[str, Any], now: datetime) -> dict[str, Any]:
        limit = _decimal(entry.get("limit") if entry.get("limit") is not None else feature["limit"])
        reset = feature["reset_period"] or "month"
        start, end = current_window(sub.anchor if reset != "never" else sub.started_at, reset, now)
        meter_id = UUID(feature["meter_id"])
        usage = await self._usage.usage(org_id, customer_id, start, now, now, meter_id)
        used = usage.get(meter_id, {}).get("value", Decimal(0))
        remaining = None if limit is None else max(limit - used, Decimal(0))
        return {"allowed": limit is None or used < limit, "limit": limit, "usage": used,
                "remaining": remaining, "reset_period": reset, "window_start": start,
                "window_end": end}

    async def list(self, org_id: UUID, customer_id: UUID, now: datetime) -> list[dict[str, Any]]:
        grants = await self.grants(org_id, customer_id)
        described = await asyncio.gather(*(self.describe(org_id, customer_id, g, now) for g in grants))
        return sorted(described, key=lambda item: item["feature"])

    async def check(self, org_id: UUID, customer_id: UUID, feature_ref: str,
                    now: datetime) -> dict[str, Any]:
        for grant in await self.grants(org_id, customer_id):
            if feature_ref in (grant[2]["name"], grant[2]["id"]):
                return await self.describe(org_id, customer_id, grant, now)
        feature = await self._pool.fetchrow(
            "SELECT snapshot FROM features WHERE org_id = $1 AND (snapshot->>'name' = $2"
            " OR id::text = $2)", org_id, feature_ref)
        if feature is None:
            raise NotFound("feature", field="feature")
        snapshot = feature["snapshot"]
        return {"feature_id": snapshot["id"], "feature": snapshot["name"], "type": snapshot["type"],
                "allowed": False, "reason": "not_in_plan"}
