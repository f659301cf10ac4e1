"""Invoicing's consumers: a DRAFT per subscription period end (with every batch's usage asked
of the aggregator in one request), and the read models behind previews and emails."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from fluxrate_common.events import Envelope
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.service import InvoiceService, Question

PERIOD_ENDED = "subscription.period_ended"


def _question(event: Envelope) -> Question:
    period = event.data["period"]
    return (UUID(event.data["subscription"]["customer_id"]), datetime.fromisoformat(period["start"]),
            datetime.fromisoformat(period["end"]))


def _billable(event: Envelope) -> bool:
    return event.type == PERIOD_ENDED and event.data["period"]["kind"] != "trial"


class SubscriptionEvents:
    def __init__(self, invoices: InvoiceService) -> None:
        self._invoices = invoices
        self._usage: dict[tuple[UUID, Question], dict[UUID, Decimal]] = {}

    async def prepare(self, conn: asyncpg.Connection, events: list[Envelope]) -> None:
        questions: dict[UUID, list[Question]] = {}
        for event in filter(_billable, events):
            questions.setdefault(event.org_id, []).append(_question(event))
        self._usage = await self._invoices.usage_for(questions, datetime.now(UTC)) if questions else {}

    async def apply(self, conn: asyncpg.Connection, event: Envelope) -> None:
        sub = event.data["subscription"]
        await repo.upsert_snapshot(conn, "subscriptions", UUID(sub["id"]), event.org_id, sub,
                                   sub["version"])
        if _billable(event):
            usage = self._usage[(event.org_id, _question(event))]
            await self._invoices.create_from_period(conn, event, usage, datetime.now(UTC))


async def apply_plan_event(conn: asyncpg.Connection, event: Envelope) -> None:
    await repo.upsert_snapshot(conn, "plans", UUID(event.data["id"]), event.org_id, event.data,
                               event.data["version"])


async def apply_org_event(conn: asyncpg.Connection, event: Envelope) -> None:
    if event.type == "org.created":
        await conn.execute("INSERT INTO orgs (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
                           event.org_id, event.data["name"])
