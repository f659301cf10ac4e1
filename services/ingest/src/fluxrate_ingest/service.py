"""Ingest use case: resolve each submitted event against the read models, build its record,
and hand the valid ones to the edge batcher. One bad event never stops the others."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from fluxrate_common.events import fast_id
from fluxrate_ingest.batcher import EdgeBatcher
from fluxrate_ingest.domain.usage import (
    Accepted,
    MeterView,
    Rejected,
    Submitted,
    UsageRecord,
    Window,
    build_record,
)
from fluxrate_ingest.readmodels import CustomerDirectory, MeterCatalog
from fluxrate_ingest.schemas import UsageIn

REUSED = "idempotency_key_reused"


@dataclass(frozen=True)
class Outcome:
    status: str  # accepted | duplicate | rejected
    record: UsageRecord | None = None
    error: Rejected | None = None


def submitted(item: UsageIn) -> Submitted:
    bag_name = "metadata" if item.metadata is not None and item.properties is None else "properties"
    bag = {**(item.metadata or {}), **(item.properties or {})}
    return Submitted(item.quantity, item.timestamp, item.idempotency_key, bag, bag_name)


class IngestService:
    def __init__(self, meters: MeterCatalog, customers: CustomerDirectory, batcher: EdgeBatcher,
                 window: Window, wait: float) -> None:
        self.meters = meters
        self.customers = customers
        self.batcher = batcher
        self._window = window
        self._wait = wait

    async def record(self, org_id: UUID, items: list[UsageIn], now: datetime) -> list[Outcome]:
        await self._await_unknown(org_id, items)
        accepted = self._window.at(now)
        built: list[UsageRecord | Rejected] = [self._build(org_id, item, accepted) for item in items]
        records = [r for r in built if isinstance(r, UsageRecord)]
        claims = iter(await self.batcher.submit(records) if records else [])
        return [Outcome("rejected", error=r) if isinstance(r, Rejected) else _outcome(r, next(claims))
                for r in built]

    def _build(self, org_id: UUID, item: UsageIn, accepted: Accepted) -> UsageRecord | Rejected:
        try:
            meter = self._meter(org_id, item)
            customer_id = self._customer(org_id, item)
            return build_record(fast_id(), org_id, customer_id, meter, submitted(item), accepted)
        except Rejected as rejected:
            return rejected

    def _meter(self, org_id: UUID, item: UsageIn) -> MeterView:
        if (item.meter_name is not None) + (item.meter_id is not None) + (item.meter_token is not None) != 1:
            raise Rejected("meter_name", "name_one_meter",
                           "name the meter with exactly one of meter_name, meter_id, meter_token")
        if item.meter_name is not None:
            meter, field = self.meters.by_name(org_id, item.meter_name), "meter_name"
        elif item.meter_id is not None:
            meter, field = self.meters.by_id(org_id, item.meter_id), "meter_id"
        else:
            meter, field = self.meters.by_token(org_id, item.meter_token), "meter_token"
        if meter is None:
            raise Rejected(field, "unknown_meter", f"{field}: no such meter in your organisation")
        if not meter.active:
            raise Rejected(field, "meter_inactive", f"{field}: meter {meter.name} is INACTIVE")
        return meter

    def _customer(self, org_id: UUID, item: UsageIn) -> UUID:
        if (item.customer_id is None) == (item.customer_external_id is None):
            raise Rejected("customer_external_id", "name_one_customer",
                           "name the customer with exactly one of customer_external_id, customer_id")
        if item.customer_id is not None:
            if self.customers.cached_id(org_id, item.customer_id):
                return item.customer_id
            raise Rejected("customer_id", "unknown_customer",
                           "customer_id: no such customer in your organisation")
        customer_id = self.customers.cached_external(org_id, item.customer_external_id)
        if customer_id is None:
            raise Rejected("customer_external_id", "unknown_customer",
                           "customer_external_id: no customer with this external_id; "
                           "create it first (PUT /api/v1/customers/external/{external_id})")
        return customer_id

    async def _await_unknown(self, org_id: UUID, items: list[UsageIn]) -> None:
        """Fetch uncached customers in one query; then give anything still unknown (created a
        moment ago, on its way to this service) a short, shared wait."""
        externals = {i.customer_external_id for i in items if i.customer_external_id is not None
                     and self.customers.cached_external(org_id, i.customer_external_id) is None}
        ids = {i.customer_id for i in items if i.customer_id is not None
               and not self.customers.cached_id(org_id, i.customer_id)}
        if externals or ids:
            await self.customers.fetch(org_id, externals, ids)
        waits = [self.customers.arrivals.wait(key, self._wait) for key in
                 [(org_id, e) for e in externals if self.customers.cached_external(org_id, e) is None]
                 + [(org_id, i) for i in ids if not self.customers.cached_id(org_id, i)]
                 if not self.customers.arrivals.recently_missed(key)]
        waits += [self.meters.arrivals.wait(key, self._wait) for key in self._unknown_meters(org_id, items)
                  if not self.meters.arrivals.recently_missed(key)]
        if waits:
            await asyncio.gather(*waits)
            self._remember_misses(org_id, items)

    def _unknown_meters(self, org_id: UUID, items: list[UsageIn]) -> set[Any]:
        unknown: set[Any] = set()
        for i in items:
            if i.meter_name is not None and self.meters.by_name(org_id, i.meter_name) is None:
                unknown.add((org_id, i.meter_name))
            elif i.meter_id is not None and self.meters.by_id(org_id, i.meter_id) is None:
                unknown.add(i.meter_id)
            elif i.meter_token is not None and self.meters.by_token(org_id, i.meter_token) is None:
                unknown.add(i.meter_token)
        return unknown

    def _remember_misses(self, org_id: UUID, items: list[UsageIn]) -> None:
        for key in self._unknown_meters(org_id, items):
            self.meters.arrivals.missed(key)
        for i in items:
            if i.customer_external_id is not None and \
                    self.customers.cached_external(org_id, i.customer_external_id) is None:
                self.customers.arrivals.missed((org_id, i.customer_external_id))
            if i.customer_id is not None and not self.customers.cached_id(org_id, i.customer_id):
                self.customers.arrivals.missed((org_id, i.customer_id))


def _outcome(record: UsageRecord, claim: str) -> Outcome:
    if claim == "reused":
        return Outcome("rejected", record=record, error=Rejected(
            "idempotency_key", REUSED,
            f"idempotency_key {record.idempotency_key!r} was already used for a different event;"
            " a retry must send the same event, a new event needs a new key"))
    return Outcome(claim, record=record)


def window(backfill_days: int, max_future_seconds: int) -> Window:
    return Window(max_future=timedelta(seconds=max_future_seconds),
                  backfill=timedelta(days=backfill_days))
