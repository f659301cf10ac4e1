"""SQL for meters, features, plans and charges (catalog schema). Every query is scoped by org."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import asyncpg

from fluxrate_catalog.domain.common import Status
from fluxrate_catalog.domain.features import Feature, FeatureType, ResetPeriod
from fluxrate_catalog.domain.meters import Aggregation, FilterOperator, Meter, MeterFilter
from fluxrate_common.errors import Conflict

Cursor = tuple[datetime, UUID] | None


def _meter(row: asyncpg.Record) -> Meter:
    filters = tuple(MeterFilter(f["property"], FilterOperator(f["operator"]), f["value"])
                    for f in row["filters"])
    return Meter(row["id"], row["org_id"], row["name"], row["meter_token"],
                 Aggregation(row["aggregation"]), row["property"], filters, row["unit"],
                 row["description"], Status(row["status"]), row["created_at"], row["updated_at"],
                 row["version"])

def _feature(row: asyncpg.Record) -> Feature:
    return Feature(row["id"], row["org_id"], row["name"], row["description"],
                   FeatureType(row["type"]), row["meter_id"], row["limit"],
                   ResetPeriod(row["reset_period"]) if row["reset_period"] else None, row["value"],
                   Status(row["status"]), row["created_at"], row["updated_at"], row["version"])

async def page_rows(conn: asyncpg.Connection | asyncpg.Pool, table: str, org_id: UUID, limit: int,
                after: Cursor, status: Status | None) -> list[asyncpg.Record]:
    clauses, args = ["org_id = $1"], [org_id, limit + 1]
    if status is not None:
        args.append(status.value)
        clauses.append(f"status = ${len(args)}")
    if after is not None:
        args += list(after)
        clauses.append(f"(created_at, id) < (${len(args) - 1}, ${len(args)})")
    return await conn.fetch(
        f"SELECT * FROM {table} WHERE {' AND '.join(clauses)}"
        " ORDER BY created_at DESC, id DESC LIMIT $2", *args)

async def _unique(statement: Any, what: str, field: str = "name") -> None:
    try:
        await statement
    except asyncpg.UniqueViolationError:
        raise Conflict(f"{what}_name_taken", f"a {what} with this name already exists",
                       field=field) from None

# -- meters --------------------------------------------------------------------------------

async def insert_meter(conn: asyncpg.Connection, meter: Meter, *, name_field: str = "name") -> None:
    await _unique(conn.execute(
        "INSERT INTO meters (id, org_id, name, meter_token, aggregation, property, filters, unit,"
        " description, status, created_at, updated_at, version)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        meter.id, meter.org_id, meter.name, meter.meter_token, meter.aggregation.value,
        meter.property, [f.as_dict() for f in meter.filters], meter.unit, meter.description,
        meter.status.value, meter.created_at, meter.updated_at, meter.version), "meter", name_field)

async def update_meter(conn: asyncpg.Connection, meter: Meter) -> None:
    await _unique(conn.execute(
        "UPDATE meters SET name = $3, unit = $4, description = $5, status = $6, updated_at = $7,"
        " version = $8 WHERE org_id = $1 AND id = $2",
        meter.org_id, meter.id, meter.name, meter.unit, meter.description, meter.status.value,
        meter.updated_at, meter.version), "meter")

_LOCKS = {False: "", True: " FOR UPDATE", "share": " FOR SHARE"}


async def meter(conn: asyncpg.Connection | asyncpg.Pool, org_id: UUID, meter_id: UUID,
                *, lock: bool | Literal["share"] = False) -> Meter | None:
    row = await conn.fetchrow("SELECT * FROM meters WHERE org_id = $1 AND id = $2"
                              + _LOCKS[lock], org_id, meter_id)
    return None if row is None else _meter(row)

async def meters_by_id(conn: asyncpg.Connection | asyncpg.Pool, org_id: UUID,
                       ids: list[UUID]) -> list[Meter]:
    rows = await conn.fetch("SELECT * FROM meters WHERE org_id = $1 AND id = ANY($2::uuid[])",
                            org_id, ids)
    return [_meter(r) for r in rows]

async def meters(pool: asyncpg.Pool, org_id: UUID, limit: int, after: Cursor,
                 status: Status | None) -> list[Meter]:
    return [_meter(r) for r in await page_rows(pool, "meters", org_id, limit, after, status)]

# -- features ------------------------------------------------------------------------------

async def insert_feature(conn: asyncpg.Connection, f: Feature) -> None:
    await _unique(conn.execute(
        'INSERT INTO features (id, org_id, name, description, type, meter_id, "limit",'
        " reset_period, value, status, created_at, updated_at, version)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        f.id, f.org_id, f.name, f.description, f.type.value, f.meter_id, f.limit,
        f.reset_period.value if f.reset_period else None, f.value, f.status.value, f.created_at,
        f.updated_at, f.version), "feature")

async def update_feature(conn: asyncpg.Connection, f: Feature) -> None:
    await _unique(conn.execute(
        'UPDATE features SET name = $3, description = $4, "limit" = $5, reset_period = $6,'
        " value = $7, status = $8, updated_at = $9, version = $10 WHERE org_id = $1 AND id = $2",
        f.org_id, f.id, f.name, f.description, f.limit,
        f.reset_period.value if f.reset_period else None, f.value, f.status.value, f.updated_at,
        f.version), "feature")

async def feature(conn: asyncpg.Connection | asyncpg.Pool, org_id: UUID, feature_id: UUID,
                  *, lock: bool = False) -> Feature | None:
    row = await conn.fetchrow("SELECT * FROM features WHERE org_id = $1 AND id = $2"
                              + (" FOR UPDATE" if lock else ""), org_id, feature_id)
    return None if row is None else _feature(row)

async def features(pool: asyncpg.Pool, org_id: UUID, limit: int, after: Cursor,
                   status: Status | None) -> list[Feature]:
    return [_feature(r) for r in await page_rows(pool, "features", org_id, limit, after, status)]
