"""Everything a customer's portal home shows, in one answer: the org's branding, the customer,
the current subscription and its plan, entitlements with usage and limits, usage per meter over
the current and recent periods, and the invoices the customer may see.

Subscriptions answers it because it holds most of it (customers, subscriptions, plans,
entitlements); usage comes from the aggregator in one request for every period, and invoices
from a read model of invoicing's events, so the page costs one call and no other service's
availability but the aggregator's."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.branding import branding_of
from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.events.subscriptions import SUBSCRIPTION_PERIOD_ENDED
from fluxrate_common.http.errors import NotFound
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.entitlements.service import EntitlementService
from fluxrate_subscriptions.shared.readmodels import Catalog
from fluxrate_subscriptions.subscriptions import repository as subs

PAST_PERIODS = 5
RECENT_INVOICES = 12
HIDDEN_INVOICES = ["DRAFT", "FAILED"]  # still under review, or never issued
BRANDING_SHOWN = ("name", "logo_url", "accent_color")
_PAST_PERIODS = (
    "SELECT data -> 'period' AS period FROM events WHERE org_id = $1"
    " AND aggregate_type = 'subscription' AND aggregate_id = $2"
    " AND type = $3 ORDER BY version DESC LIMIT $4"
)
_INVOICES = (
    "SELECT summary FROM portal_invoices WHERE org_id = $1 AND customer_id = $2"
    " AND status <> ALL($3::text[]) ORDER BY summary ->> 'period_start' DESC, id DESC LIMIT $4"
)


def plan_view(plan: dict[str, Any]) -> dict[str, Any]:
    charges = [{name: charge.get(name) for name in
                ("id", "type", "display_name", "meter_id", "unit_price", "tier_mode", "tiers",
                 "package_size", "free_units")}
               for charge in plan.get("charges", []) if charge.get("status") == "ACTIVE"]
    return {"id": plan["id"], "name": plan["name"], "type": plan.get("type"),
            "interval": plan["interval"], "currency": plan["currency"], "charges": charges}


def usage_view(periods: list[dict[str, Any]],
               answers: list[dict[UUID, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One row per meter with a value for every period (zero where nothing was used)."""
    names: dict[UUID, str | None] = {}
    for answer in answers:
        for meter_id, item in answer.items():
            names[meter_id] = names.get(meter_id) or item.get("meter_name")
    return [{"meter_id": meter_id, "meter_name": name,
             "values": [str(answer[meter_id]["value"]) if meter_id in answer else "0"
                        for answer in answers]}
            for meter_id, name in sorted(names.items(), key=lambda item: item[1] or "")]


class PortalSummary:
    def __init__(self, pool: asyncpg.Pool, customers: CustomerRepository, catalog: Catalog,
                 entitlements: EntitlementService, usage: UsageClient) -> None:
        self._pool = pool
        self._customers = customers
        self._catalog = catalog
        self._entitlements = entitlements
        self._usage = usage

    async def summary(self, org_id: UUID, customer_id: UUID, now: datetime) -> dict[str, Any]:
        """Two rounds of queries run side by side: the customer and their subscription, then
        everything that hangs off them (usage from the aggregator in one request)."""
        customer, sub = await asyncio.gather(
            self._customers.get(self._pool, org_id, customer_id),
            subs.current_for_customer(self._pool, org_id, customer_id))
        if customer is None:
            raise NotFound("customer")
        branding, entitlements, invoices, (plan, usage) = await asyncio.gather(
            branding_of(self._pool, org_id), self._entitlements.list(org_id, customer_id, now),
            self._invoices(org_id, customer_id), self._plan_and_usage(org_id, sub, now))
        public = customer.public()
        return {
            "org": {name: branding[name] for name in BRANDING_SHOWN},
            "customer": {name: public[name] for name in
                         ("id", "external_id", "name", "email", "billing_address")},
            "subscription": None if sub is None else {
                name: value for name, value in sub.snapshot().items() if name != "version"},
            "plan": plan, "entitlements": entitlements, "usage": usage, "invoices": invoices,
        }

    async def _invoices(self, org_id: UUID, customer_id: UUID) -> list[dict[str, Any]]:
        rows = await self._pool.fetch(_INVOICES, org_id, customer_id, HIDDEN_INVOICES,
                                      RECENT_INVOICES)
        return [row["summary"] for row in rows]

    async def _plan_and_usage(self, org_id: UUID, sub: Any,
                              now: datetime) -> tuple[dict[str, Any] | None, dict[str, Any]]:
        if sub is None:
            return None, {"periods": [], "meters": []}
        plan, rows = await asyncio.gather(
            self._catalog.plan(org_id, sub.plan_id),
            self._pool.fetch(_PAST_PERIODS, org_id, sub.id, SUBSCRIPTION_PERIOD_ENDED.name,
                             PAST_PERIODS))
        periods = [{"start": datetime.fromisoformat(row["period"]["start"]),
                    "end": datetime.fromisoformat(row["period"]["end"]), "current": False}
                   for row in reversed(rows)]
        if sub.current_period_start < now:
            periods.append({"start": sub.current_period_start, "end": sub.current_period_end,
                            "current": True})
        questions = [(sub.customer_id, p["start"], min(p["end"], now)) for p in periods]
        answers = await self._usage.usage_table(org_id, questions, now) if questions else []
        return (None if plan is None else plan_view(plan),
                {"periods": periods, "meters": usage_view(periods, answers)})
