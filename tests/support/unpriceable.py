"""A period no code path can price, as a bug could publish it: a daily plan whose charge's tier
mode is one no pricing model knows. Its subscription, started yesterday, gets a FAILED invoice;
mending the invoice's copy of the plan lets a retry price it (2.50)."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from tests.support.api import Api
from tests.support.processes import eventually


async def daily_plan(api: Api) -> dict:
    plan = (await api.post("/api/v1/plans", {
        "name": "Daily", "type": "FIXED", "interval": "day", "currency": "USD"})).body
    await api.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED", "unit_price": "2.50"})
    await api.put("/api/v1/customers/external/c1", {})
    return plan


async def break_plan(conn: asyncpg.Connection, plan_id: str) -> None:
    """Once subscriptions knows the plan's charge, give it a tier mode nothing prices (the event
    catalogue checks the shape, so this stays well-formed)."""
    async def plan_known() -> bool:
        return await conn.fetchval("SELECT count(*) FROM subscriptions.plans WHERE id = $1"
                                   " AND jsonb_array_length(snapshot->'charges') = 1", plan_id) == 1

    await eventually(plan_known)
    await conn.execute("UPDATE subscriptions.plans SET snapshot = jsonb_set(snapshot,"
                       " '{charges,0,tier_mode}', '\"bogus\"') WHERE id = $1", plan_id)


async def subscribe_since_yesterday(api: Api, plan_id: str) -> None:
    reply = await api.post("/api/v1/subscriptions", {
        "customer_external_id": "c1", "plan_id": plan_id,
        "start_date": (date.today() - timedelta(days=1)).isoformat()})
    assert reply.status == 201, reply.body


async def mend_invoice(conn: asyncpg.Connection, invoice_id: str) -> None:
    await conn.execute("UPDATE invoicing.invoices SET plan = jsonb_set(plan,"
                       " '{charges,0,tier_mode}', 'null') WHERE id = $1", invoice_id)
