"""SQL for plans with their charges and charge tiers (catalog schema). Every query is scoped
by org."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

import asyncpg

from fluxrate_catalog.plans.domain import Charge, Interval, Plan, PlanFeature, PlanType
from fluxrate_catalog.shared.domain import Status
from fluxrate_catalog.shared.repository import DB, Cursor, page_rows
from fluxrate_common.pricing import SCALAR_FIELDS, terms_from_snapshot, terms_snapshot


def _plan(row: asyncpg.Record, charges: tuple[Charge, ...]) -> Plan:
    features = tuple(PlanFeature(UUID(f["feature_id"]), f["limit"], f["value"]) for f in row["features"])
    return Plan(row["id"], row["org_id"], row["name"], row["description"], PlanType(row["type"]),
                Interval(row["interval"]), row["currency"], features, charges,
                Status(row["status"]), row["created_at"], row["updated_at"], row["version"])


async def _charges(conn: DB,
                   plan_ids: list[UUID]) -> dict[UUID, tuple[Charge, ...]]:
    rows = await conn.fetch("SELECT * FROM charges WHERE plan_id = ANY($1::uuid[])"
                            " ORDER BY plan_id, position", plan_ids)
    tier_rows = await conn.fetch(
        "SELECT * FROM charge_tiers WHERE charge_id = ANY($1::uuid[]) ORDER BY charge_id, position",
        [r["id"] for r in rows])
    tiers: dict[UUID, list[asyncpg.Record]] = defaultdict(list)
    for t in tier_rows:
        tiers[t["charge_id"]].append(t)
    by_plan: dict[UUID, list[Charge]] = defaultdict(list)
    for r in rows:
        terms = terms_from_snapshot({**r, "tiers": tiers[r["id"]]})
        by_plan[r["plan_id"]].append(Charge(r["id"], terms, r["meter_id"], r["display_name"],
                                            Status(r["status"]), r["created_at"], r["updated_at"]))
    return {plan_id: tuple(charges) for plan_id, charges in by_plan.items()}


async def plan(conn: DB, org_id: UUID, plan_id: UUID,
               *, lock: bool = False) -> Plan | None:
    row = await conn.fetchrow("SELECT * FROM plans WHERE org_id = $1 AND id = $2"
                              + (" FOR UPDATE" if lock else ""), org_id, plan_id)
    if row is None:
        return None
    return _plan(row, (await _charges(conn, [plan_id])).get(plan_id, ()))


async def plans(pool: asyncpg.Pool, org_id: UUID, limit: int, after: Cursor,
                status: Status | None) -> list[Plan]:
    rows = await page_rows(pool, "plans", org_id, limit, after, status)
    charges = await _charges(pool, [r["id"] for r in rows])
    return [_plan(r, charges.get(r["id"], ())) for r in rows]


async def save_plan(conn: asyncpg.Connection, plan: Plan, *, new: bool) -> None:
    features = [f.snapshot() for f in plan.features]
    if new:
        await conn.execute(
            "INSERT INTO plans (id, org_id, name, description, type, interval, currency, features,"
            " status, created_at, updated_at, version)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            plan.id, plan.org_id, plan.name, plan.description, plan.type.value,
            plan.interval.value, plan.currency, features, plan.status.value, plan.created_at,
            plan.updated_at, plan.version)
    else:
        await conn.execute(
            "UPDATE plans SET name = $3, description = $4, type = $5, features = $6, status = $7,"
            " updated_at = $8, version = $9 WHERE org_id = $1 AND id = $2",
            plan.org_id, plan.id, plan.name, plan.description, plan.type.value, features,
            plan.status.value, plan.updated_at, plan.version)
    await _save_charges(conn, plan)


# A charge's terms take a column each, named as in their snapshot.
_INSERT_CHARGE = (
    "INSERT INTO charges (id, plan_id, org_id, position, meter_id, display_name, status,"
    f" created_at, updated_at, {', '.join(SCALAR_FIELDS)}) VALUES "
    f"({', '.join(f'${i}' for i in range(1, 10 + len(SCALAR_FIELDS)))})"
)


async def _save_charges(conn: asyncpg.Connection, plan: Plan) -> None:
    stored = {r["id"] for r in await conn.fetch("SELECT id FROM charges WHERE plan_id = $1", plan.id)}
    for position, c in enumerate(plan.charges):
        if c.id in stored:
            await conn.execute("UPDATE charges SET status = $2, display_name = $3, updated_at = $4"
                               " WHERE id = $1", c.id, c.status.value, c.display_name, c.updated_at)
            continue
        terms = terms_snapshot(c.terms)
        await conn.execute(_INSERT_CHARGE, c.id, plan.id, plan.org_id, position, c.meter_id,
                           c.display_name, c.status.value, c.created_at, c.updated_at,
                           *(terms[name] for name in SCALAR_FIELDS))
        await conn.executemany(
            "INSERT INTO charge_tiers (charge_id, position, up_to, unit_price, flat_fee)"
            " VALUES ($1, $2, $3, $4, $5)",
            [(c.id, i, t["up_to"], t["unit_price"], t["flat_fee"])
             for i, t in enumerate(terms["tiers"])])


async def active_charges_of_meter(conn: asyncpg.Connection, org_id: UUID,
                                  meter_id: UUID) -> list[asyncpg.Record]:
    """The ACTIVE charges of ACTIVE plans that bill this meter's usage."""
    return await conn.fetch(
        "SELECT p.id AS plan_id, p.name AS plan_name, c.id AS charge_id, c.display_name"
        " FROM charges c JOIN plans p ON p.id = c.plan_id AND p.org_id = c.org_id"
        " WHERE c.org_id = $1 AND c.meter_id = $2 AND c.status = 'ACTIVE'"
        " AND p.status = 'ACTIVE' ORDER BY p.created_at, c.position", org_id, meter_id)
