"""SQL for meters (catalog schema). Every query is scoped by org."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from fluxrate_catalog.meters.domain import Aggregation, FilterOperator, Meter, MeterFilter
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.repository import DB, LOCKS, Cursor, Lock, page_rows, unique_name


def _meter(row: asyncpg.Record) -> Meter:
    filters = tuple(MeterFilter(f["property"], FilterOperator(f["operator"]), f["value"])
                    for f in row["filters"])
    return Meter(row["id"], row["org_id"], row["name"], row["meter_token"],
                 Aggregation(row["aggregation"]), row["property"], filters, row["unit"],
                 row["description"], Status(row["status"]), row["created_at"], row["updated_at"],
                 row["version"])


async def insert_meter(conn: asyncpg.Connection, meter: Meter, *, name_field: str = "name") -> None:
    await unique_name(conn.execute(
        "INSERT INTO meters (id, org_id, name, meter_token, aggregation, property, filters, unit,"
        " description, status, created_at, updated_at, version)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        meter.id, meter.org_id, meter.name, meter.meter_token, meter.aggregation.value,
        meter.property, [f.as_dict() for f in meter.filters], meter.unit, meter.description,
        meter.status.value, meter.created_at, meter.updated_at, meter.version), "meter", name_field)


async def update_meter(conn: asyncpg.Connection, meter: Meter) -> None:
    await unique_name(conn.execute(
        "UPDATE meters SET name = $3, unit = $4, description = $5, status = $6, updated_at = $7,"
        " version = $8 WHERE org_id = $1 AND id = $2",
        meter.org_id, meter.id, meter.name, meter.unit, meter.description, meter.status.value,
        meter.updated_at, meter.version), "meter")


async def meter(conn: DB, org_id: UUID, meter_id: UUID, *, lock: Lock = False) -> Meter | None:
    row = await conn.fetchrow("SELECT * FROM meters WHERE org_id = $1 AND id = $2"
                              + LOCKS[lock], org_id, meter_id)
    return None if row is None else _meter(row)


async def meters_by_id(conn: DB, org_id: UUID, ids: list[UUID]) -> list[Meter]:
    rows = await conn.fetch("SELECT * FROM meters WHERE org_id = $1 AND id = ANY($2::uuid[])",
                            org_id, ids)
    return [_meter(r) for r in rows]


async def meters(pool: asyncpg.Pool, org_id: UUID, limit: int, after: Cursor,
                 status: Status | None) -> list[Meter]:
    return [_meter(r) for r in await page_rows(pool, "meters", org_id, limit, after, status)]
