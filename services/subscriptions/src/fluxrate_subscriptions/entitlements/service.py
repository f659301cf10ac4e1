"""What a customer's plan unlocks: switches, custom values, and metered allowances with the
usage of the current reset window (asked of the aggregator)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.bounds import exact
from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.http.errors import NotFound
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.domain.subscriptions import current_window

GRANTING = ("TRIAL", "ACTIVE", "PAST_DUE")  # paused and canceled plans unlock nothing

# Every feature of every plan the customer is on now, in one round trip.
_GRANTS = """
SELECT s.id, s.anchor, s.started_at, e.entry, f.snapshot AS feature
  FROM subscriptions s
  JOIN plans p ON p.id = s.plan_id
  CROSS JOIN LATERAL jsonb_array_elements(p.snapshot -> 'features') AS e(entry)
  JOIN features f ON f.id = (e.entry ->> 'feature_id')::uuid AND f.org_id = s.org_id
 WHERE s.org_id = $1 AND s.customer_id = $2 AND s.status = ANY($3::text[])
   AND f.snapshot ->> 'status' = 'ACTIVE'
 ORDER BY s.created_at
"""


@dataclass(frozen=True)
class Grant:
    subscription_id: UUID
    anchor: datetime
    started_at: datetime
    entry: dict[str, Any]  # the plan's value for the feature
    feature: dict[str, Any]


class TtlCache:
    """Answers younger than `ttl` seconds are served again; documented as the check's staleness."""

    def __init__(self, ttl: float, max_entries: int = 100_000) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._entries: dict[Any, tuple[float, Any]] = {}

    def get(self, key: Any) -> Any:
        hit = self._entries.get(key)
        return hit[1] if hit is not None and hit[0] > time.monotonic() else None

    def put(self, key: Any, value: Any) -> None:
        if self._ttl <= 0:
            return
        if len(self._entries) >= self._max:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self._ttl, value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class EntitlementService:
    def __init__(self, pool: asyncpg.Pool, customers: CustomerRepository, usage: UsageClient,
                 cache_seconds: float) -> None:
        self._pool = pool
        self._customers = customers
        self._usage = usage
        self._customer_ids: dict[tuple[UUID, str], UUID] = {}  # never changes: cached for good
        self._grants = TtlCache(cache_seconds)
        self._used = TtlCache(cache_seconds)

    async def customer(self, org_id: UUID, customer_id: UUID | None, external_id: str | None) -> UUID:
        if external_id is not None:
            found = self._customer_ids.get((org_id, external_id))
            if found is None:
                found = await self._customers.id_for(self._pool, org_id, external_id)
                if found is None:
                    raise NotFound("customer", field="customer_external_id")
                self._customer_ids[(org_id, external_id)] = found
            return found
        if await self._customers.get(self._pool, org_id, customer_id) is None:
            raise NotFound("customer", field="customer_id")
        return customer_id

    async def of_customer(self, org_id: UUID, customer_id: UUID | None, external_id: str | None,
                          now: datetime) -> tuple[UUID, list[dict[str, Any]]]:
        """(the customer's id, every feature their plans unlock), the customer named either way."""
        found = await self.customer(org_id, customer_id, external_id)
        return found, await self.list(org_id, found, now)

    async def check_for_customer(self, org_id: UUID, customer_id: UUID | None,
                                 external_id: str | None, feature_ref: str,
                                 now: datetime) -> dict[str, Any]:
        found = await self.customer(org_id, customer_id, external_id)
        return await self.check(org_id, found, feature_ref, now)

    async def grants(self, org_id: UUID, customer_id: UUID) -> list[Grant]:
        """Every feature of every plan the customer is on now (the newest subscription wins)."""
        cached = self._grants.get((org_id, customer_id))
        if cached is not None:
            return cached
        rows = await self._pool.fetch(_GRANTS, org_id, customer_id, list(GRANTING))
        by_feature = {row["feature"]["id"]: Grant(row["id"], row["anchor"], row["started_at"],
                                                  row["entry"], row["feature"]) for row in rows}
        grants = list(by_feature.values())
        self._grants.put((org_id, customer_id), grants)
        return grants

    async def describe(self, org_id: UUID, customer_id: UUID, grant: Grant,
                       now: datetime) -> dict[str, Any]:
        entry, feature = grant.entry, grant.feature
        base = {"feature_id": feature["id"], "feature": feature["name"], "type": feature["type"],
                "subscription_id": grant.subscription_id}
        if feature["type"] == "SWITCH":
            value = entry["value"] if entry.get("value") is not None else feature["value"]
            return {**base, "allowed": bool(value), "value": value}
        if feature["type"] == "CUSTOM":
            value = entry["value"] if entry.get("value") is not None else feature["value"]
            return {**base, "allowed": True, "value": value}
        return {**base, **await self._metered(org_id, customer_id, grant, now)}

    async def _metered(self, org_id: UUID, customer_id: UUID, grant: Grant,
                       now: datetime) -> dict[str, Any]:
        entry, feature = grant.entry, grant.feature
        limit = _decimal(entry.get("limit") if entry.get("limit") is not None else feature["limit"])
        reset = feature["reset_period"] or "month"
        start, end = current_window(grant.anchor, grant.started_at, reset, now)
        used = Decimal(0) if now <= start else await self._used_in(
            org_id, customer_id, UUID(feature["meter_id"]), start, now)
        with exact():
            remaining = None if limit is None else max(limit - used, Decimal(0))
        return {"allowed": limit is None or used < limit, "limit": limit, "usage": used,
                "remaining": remaining, "reset_period": reset, "window_start": start,
                "window_end": end}

    async def _used_in(self, org_id: UUID, customer_id: UUID, meter_id: UUID, start: datetime,
                       now: datetime) -> Decimal:
        key = (org_id, customer_id, meter_id, start)
        used = self._used.get(key)
        if used is None:
            usage = await self._usage.usage(org_id, customer_id, start, now, now, meter_id)
            used = usage.get(meter_id, {}).get("value", Decimal(0))
            self._used.put(key, used)
        return used

    async def list(self, org_id: UUID, customer_id: UUID, now: datetime) -> list[dict[str, Any]]:
        grants = await self.grants(org_id, customer_id)
        described = await asyncio.gather(*(self.describe(org_id, customer_id, g, now) for g in grants))
        return sorted(described, key=lambda item: item["feature"])

    async def check(self, org_id: UUID, customer_id: UUID, feature_ref: str,
                    now: datetime) -> dict[str, Any]:
        for grant in await self.grants(org_id, customer_id):
            if feature_ref in (grant.feature["name"], grant.feature["id"]):
                return await self.describe(org_id, customer_id, grant, now)
        feature = await self._pool.fetchrow(
            "SELECT snapshot FROM features WHERE org_id = $1 AND (snapshot->>'name' = $2"
            " OR id::text = $2)", org_id, feature_ref)
        if feature is None:
            raise NotFound("feature", field="feature")
        snapshot = feature["snapshot"]
        return {"feature_id": snapshot["id"], "feature": snapshot["name"], "type": snapshot["type"],
                "allowed": False, "reason": "not_in_plan", "subscription_id": None}
