"""Subscription use cases: start, pause, resume, cancel, change plan, follow invoices, read,
and the operator's view of what the scheduler set aside. Each records its events through the
outbox in the transaction that saves the new state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.events import Envelope, new_id
from fluxrate_common.events.invoices import INVOICE_OVERDUE, INVOICE_PAID
from fluxrate_common.events.subscriptions import SUBSCRIPTION_CREATED
from fluxrate_common.http.errors import NotFound, ValidationFailed
from fluxrate_common.http.pagination import decode_cursor, encode_cursor, page
from fluxrate_common.logging import get_logger
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.domain.subscriptions import Change, Subscription, start_subscription
from fluxrate_subscriptions.shared.readmodels import Catalog
from fluxrate_subscriptions.subscriptions import repository as repo
from fluxrate_subscriptions.subscriptions.commands import NewSubscription
from fluxrate_subscriptions.subscriptions.recorder import Step, SubscriptionRecorder

log = get_logger("fluxrate.subscriptions")
Command = Callable[[Subscription], Step]
Window = tuple[datetime, datetime | None, datetime | None]  # start, trial end, end


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed("invalid_field", f"{field}: {message}", field=field)


def window(new: NewSubscription, now: datetime) -> Window:
    """When the subscription starts, its trial ends and it ends: each after the start."""
    start = new.start or now
    trial_end = new.trial_end
    if new.trial_days:
        trial_end = start + timedelta(days=new.trial_days)
    if trial_end is not None and trial_end <= start:
        raise _invalid("trial_end", "must be after start_date")
    if new.end_date is not None and new.end_date <= start:
        raise _invalid("end_date", "must be after start_date")
    return start, trial_end, new.end_date


class SubscriptionService:
    def __init__(self, pool: asyncpg.Pool, catalog: Catalog, customers: CustomerRepository,
                 recorder: SubscriptionRecorder) -> None:
        self._pool = pool
        self._catalog = catalog
        self._customers = customers
        self._recorder = recorder

    # -- start ---------------------------------------------------------------------------

    async def create(self, org_id: UUID, new: NewSubscription, now: datetime) -> Subscription:
        start, trial_end, end_date = window(new, now)
        customer_id = await self._customer_id(org_id, new.customer_id, new.customer_external_id)
        plan = await self._active_plan(org_id, new.plan_id)
        sub = start_subscription(new_id(), org_id, customer_id, new.plan_id, plan["interval"],
                                 start, trial_end, end_date, now)
        async with self._pool.acquire() as conn, conn.transaction():
            await self._recorder.record(conn, None, [(sub, [Change(SUBSCRIPTION_CREATED)])], now)
        return replace(sub, version=1)

    async def _customer_id(self, org_id: UUID, customer_id: UUID | None,
                           external_id: str | None) -> UUID:
        if external_id is not None:
            customer = await self._customers.by_external_id(self._pool, org_id, external_id)
            if customer is None:
                raise _invalid("customer_external_id", "no customer with this external_id")
            return customer.id
        if await self._customers.get(self._pool, org_id, customer_id) is None:
            raise _invalid("customer_id", "no customer with this id in your organisation")
        return customer_id

    async def _active_plan(self, org_id: UUID, plan_id: UUID) -> dict[str, Any]:
        plan = await self._catalog.plan(org_id, plan_id)
        if plan is None:
            raise _invalid("plan_id", "no plan with this id in your organisation")
        if plan["status"] != "ACTIVE":
            raise _invalid("plan_id", "the plan is INACTIVE")
        return plan

    # -- commands ------------------------------------------------------------------------

    async def pause(self, org_id: UUID, sub_id: UUID, now: datetime) -> Subscription:
        return await self.command(org_id, sub_id, lambda s: s.pause(now), now)

    async def resume(self, org_id: UUID, sub_id: UUID, now: datetime) -> Subscription:
        return await self.command(org_id, sub_id, lambda s: s.resume(now), now)

    async def cancel(self, org_id: UUID, sub_id: UUID, at_period_end: bool,
                     now: datetime) -> Subscription:
        return await self.command(org_id, sub_id, lambda s: s.cancel(now, at_period_end), now)

    async def change_plan(self, org_id: UUID, sub_id: UUID, plan_id: UUID, at_period_end: bool,
                          now: datetime) -> Subscription:
        await self.get(org_id, sub_id)  # 404 before anything about the plan
        plan = await self._active_plan(org_id, plan_id)
        return await self.command(org_id, sub_id, lambda s: s.change_plan(
            plan_id, plan["interval"], now, at_period_end), now)

    async def command(self, org_id: UUID, sub_id: UUID, action: Command, now: datetime,
                      conn: asyncpg.Connection | None = None) -> Subscription:
        if conn is None:
            async with self._pool.acquire() as own, own.transaction():
                return await self.command(org_id, sub_id, action, now, own)
        sub = await repo.get(conn, org_id, sub_id, lock=True)
        if sub is None:
            raise NotFound("subscription")
        changed, changes = action(sub)
        if not changes:
            return sub
        return await self._recorder.record(conn, sub, [(changed, changes)], now)

    async def apply_invoice_event(self, conn: asyncpg.Connection, event: Envelope) -> None:
        invoice = event.data.get("invoice") or {}
        if not (INVOICE_OVERDUE.matches(event) or INVOICE_PAID.matches(event)) \
                or not invoice.get("subscription_id"):
            return
        sub_id = UUID(invoice["subscription_id"])
        if INVOICE_OVERDUE.matches(event):
            def action(s: Subscription) -> Step:
                return s.invoice_overdue(event.occurred_at)
        else:
            def action(s: Subscription) -> Step:
                return s.invoice_paid(event.occurred_at)
        try:
            await self.command(event.org_id, sub_id, action, event.occurred_at, conn)
        except NotFound:
            log.warning("invoice_for_unknown_subscription", subscription_id=str(sub_id))

    # -- reading -------------------------------------------------------------------------

    async def get(self, org_id: UUID, sub_id: UUID) -> Subscription:
        sub = await repo.get(self._pool, org_id, sub_id)
        if sub is None:
            raise NotFound("subscription")
        return sub

    async def list(self, org_id: UUID, limit: int, after: tuple[datetime, UUID] | None,
                   customer_id: UUID | None, status: str | None,
                   customer_external_id: str | None) -> dict[str, Any]:
        rows = await repo.page(self._pool, org_id, limit, after, customer_id, status,
                               customer_external_id)
        return page(rows, limit, key=lambda s: (s.created_at, s.id))

    async def events(self, org_id: UUID, sub_id: UUID, limit: int,
                     cursor: str | None) -> dict[str, Any]:
        """The subscription's event log, in order, from the version after the cursor's."""
        sub = await self.get(org_id, sub_id)
        after = decode_cursor(cursor, 1)[0] if cursor else 0
        if not isinstance(after, int):
            raise ValidationFailed("invalid_cursor", "cursor is not one this API issued", field="cursor")
        rows = await repo.events(self._pool, org_id, sub.id, limit, after)
        data = [dict(r) for r in rows[:limit]]
        next_cursor = encode_cursor(data[-1]["version"]) if len(rows) > limit else None
        return {"data": data, "next_cursor": next_cursor}

    # -- what the scheduler set aside (operators) ----------------------------------------

    async def quarantined(self, limit: int) -> list[dict[str, Any]]:
        return [dict(row) for row in await repo.quarantined(self._pool, limit)]

    async def release(self, sub_id: UUID) -> None:
        """Let the scheduler try a quarantined subscription again."""
        if not await repo.release(self._pool, sub_id):
            raise NotFound("quarantined_subscription")
