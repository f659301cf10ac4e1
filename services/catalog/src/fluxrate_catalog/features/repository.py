"""SQL for features (catalog schema). Every query is scoped by org."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from fluxrate_catalog.features.domain import Feature, FeatureType, ResetPeriod
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.repository import DB, Cursor, page_rows, unique_name


def _feature(row: asyncpg.Record) -> Feature:
    return Feature(row["id"], row["org_id"], row["name"], row["description"],
                   FeatureType(row["type"]), row["meter_id"], row["limit"],
                   ResetPeriod(row["reset_period"]) if row["reset_period"] else None, row["value"],
                   Status(row["status"]), row["created_at"], row["updated_at"], row["version"])


async def insert_feature(conn: asyncpg.Connection, f: Feature) -> None:
    await unique_name(conn.execute(
        'INSERT INTO features (id, org_id, name, description, type, meter_id, "limit",'
        " reset_period, value, status, created_at, updated_at, version)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        f.id, f.org_id, f.name, f.description, f.type.value, f.meter_id, f.limit,
        f.reset_period.value if f.reset_period else None, f.value, f.status.value, f.created_at,
        f.updated_at, f.version), "feature")


async def update_feature(conn: asyncpg.Connection, f: Feature) -> None:
    await unique_name(conn.execute(
        'UPDATE features SET name = $3, description = $4, "limit" = $5, reset_period = $6,'
        " value = $7, status = $8, updated_at = $9, version = $10 WHERE org_id = $1 AND id = $2",
        f.org_id, f.id, f.name, f.description, f.limit,
        f.reset_period.value if f.reset_period else None, f.value, f.status.value, f.updated_at,
        f.version), "feature")


async def feature(conn: DB, org_id: UUID, feature_id: UUID, *, lock: bool = False) -> Feature | None:
    row = await conn.fetchrow("SELECT * FROM features WHERE org_id = $1 AND id = $2"
                              + (" FOR UPDATE" if lock else ""), org_id, feature_id)
    return None if row is None else _feature(row)


async def features(pool: asyncpg.Pool, org_id: UUID, limit: int, after: Cursor,
                   status: Status | None) -> list[Feature]:
    return [_feature(r) for r in await page_rows(pool, "features", org_id, limit, after, status)]
