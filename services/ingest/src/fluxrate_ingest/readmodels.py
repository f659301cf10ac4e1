"""Ingest's local views of meters and customers: tables filled from catalog and subscriptions
events, and in-memory caches of them that PostgreSQL NOTIFY keeps current."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from uuid import UUID

import asyncpg

from fluxrate_common.arrivals import Arrivals
from fluxrate_common.events import Envelope
from fluxrate_ingest.domain.usage import MeterView

_UPSERT_METER = (
    "INSERT INTO meters (id, org_id, name, meter_token, aggregation, property, filters, status,"
    " version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO UPDATE SET"
    " name = excluded.name, status = excluded.status, version = excluded.version"
    " WHERE meters.version < excluded.version"
)
_UPSERT_CUSTOMER = (
    "INSERT INTO customers (id, org_id, external_id, version) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (id) DO NOTHING"
)


async def apply_meter_event(conn: asyncpg.Connection, event: Envelope) -> None:
    d = event.data
    await conn.execute(_UPSERT_METER, UUID(d["id"]), event.org_id, d["name"], UUID(d["meter_token"]),
                       d["aggregation"], d["property"], d["filters"], d["status"], d["version"])


async def apply_customer_event(conn: asyncpg.Connection, event: Envelope) -> None:
    # What ingest needs of a customer (its id and your id for it) never changes.
    d = event.data
    await conn.execute(_UPSERT_CUSTOMER, UUID(d["id"]), event.org_id, d["external_id"], d["version"])


def _meter(row: asyncpg.Record) -> MeterView:
    return MeterView(row["id"], row["org_id"], row["name"], row["meter_token"], row["aggregation"],
                     row["property"], tuple(row["filters"]), row["status"] == "ACTIVE")


class MeterCatalog:
    """Every meter in memory: meters are few, and every event names one."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._by_id: dict[UUID, MeterView] = {}
        self._by_name: dict[tuple[UUID, str], MeterView] = {}
        self._by_token: dict[UUID, MeterView] = {}
        self.arrivals = Arrivals()
        self._tasks: set[asyncio.Task[None]] = set()

    def _put(self, meter: MeterView) -> None:
        old = self._by_id.get(meter.id)
        if old is not None and self._by_name.get((old.org_id, old.name)) is old:
            del self._by_name[(old.org_id, old.name)]
        self._by_id[meter.id] = meter
        self._by_name[(meter.org_id, meter.name)] = meter
        self._by_token[meter.token] = meter
        for key in (meter.id, meter.token, (meter.org_id, meter.name)):
            self.arrivals.arrived(key)

    async def load_all(self) -> None:
        for row in await self._pool.fetch("SELECT * FROM meters"):
            self._put(_meter(row))

    async def refresh(self, meter_id: UUID) -> None:
        row = await self._pool.fetchrow("SELECT * FROM meters WHERE id = $1", meter_id)
        if row is not None:
            self._put(_meter(row))

    def on_notify(self, payload: str) -> None:
        task = asyncio.get_running_loop().create_task(self.refresh(UUID(payload)))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def by_id(self, org_id: UUID, meter_id: UUID) -> MeterView | None:
        meter = self._by_id.get(meter_id)
        return meter if meter is not None and meter.org_id == org_id else None

    def by_name(self, org_id: UUID, name: str) -> MeterView | None:
        return self._by_name.get((org_id, name))

    def by_token(self, org_id: UUID, token: UUID) -> MeterView | None:
        meter = self._by_token.get(token)
        return meter if meter is not None and meter.org_id == org_id else None


class CustomerDirectory:
    """Customer ids by your external id: a bounded LRU over the read model (there may be
    millions). The mapping never changes, so a cached entry is never stale."""

    def __init__(self, pool: asyncpg.Pool, capacity: int = 1_000_000) -> None:
        self._pool = pool
        self._capacity = capacity
        self._by_external: OrderedDict[tuple[UUID, str], UUID] = OrderedDict()
        self._known_ids: OrderedDict[tuple[UUID, UUID], None] = OrderedDict()
        self.arrivals = Arrivals()

    def _put(self, org_id: UUID, customer_id: UUID, external_id: str) -> None:
        self._by_external[(org_id, external_id)] = customer_id
        self._known_ids[(org_id, customer_id)] = None
        for cache in (self._by_external, self._known_ids):
            while len(cache) > self._capacity:
                cache.popitem(last=False)

    def on_notify(self, payload: str) -> None:
        org_id, customer_id, external_id = payload.split(" ", 2)
        org, customer = UUID(org_id), UUID(customer_id)
        self._put(org, customer, external_id)
        self.arrivals.arrived((org, external_id))
        self.arrivals.arrived((org, customer))

    def cached_external(self, org_id: UUID, external_id: str) -> UUID | None:
        return self._by_external.get((org_id, external_id))

    def cached_id(self, org_id: UUID, customer_id: UUID) -> bool:
        return (org_id, customer_id) in self._known_ids

    async def fetch(self, org_id: UUID, external_ids: set[str], ids: set[UUID]) -> None:
        """Load from the table whatever the caches lack, in one query per kind."""
        if external_ids:
            for row in await self._pool.fetch(
                    "SELECT id, external_id FROM customers WHERE org_id = $1"
                    " AND external_id = ANY($2::text[])", org_id, list(external_ids)):
                self._put(org_id, row["id"], row["external_id"])
        if ids:
            for row in await self._pool.fetch(
                    "SELECT id, external_id FROM customers WHERE org_id = $1 AND id = ANY($2::uuid[])",
                    org_id, list(ids)):
                self._put(org_id, row["id"], row["external_id"])
