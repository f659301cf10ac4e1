"""Invoicing's consumer of subscription events: the subscriptions read model (for previews),
and a DRAFT per period end (with every batch's usage asked of the aggregator in one request)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import asyncpg

from fluxrate_common.events import Envelope
from fluxrate_common.events.subscriptions import SUBSCRIPTION_PERIOD_ENDED
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.service import InvoiceService


class SubscriptionEvents:
    """Each batch: the subscriptions read model (for previews), then the period ends' DRAFTs."""

    def __init__(self, invoices: InvoiceService) -> None:
        self._invoices = invoices

    async def apply_batch(self, conn: asyncpg.Connection, events: list[Envelope]) -> None:
        latest = {}
        for event in events:
            sub = event.data["subscription"]
            latest[UUID(sub["id"])] = (event.org_id, sub)
        await repo.upsert_snapshots(conn, "subscriptions", [
            (sub_id, org_id, sub, sub["version"]) for sub_id, (org_id, sub) in latest.items()])
        period_ends = [e for e in events if SUBSCRIPTION_PERIOD_ENDED.matches(e)]
        if period_ends:
            await self._invoices.create_drafts(conn, period_ends, datetime.now(UTC))
