"""Subscription use cases: start, pause, resume, cancel, change plan, follow invoices, and
pass period boundaries (the scheduler). Each records its events through the outbox in the
transaction that saves the new state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.db.applier import TRANSIENT
from fluxrate_common.db.eventstore import Append, append_events_many
from fluxrate_common.events import SUBSCRIPTIONS, Envelope, new_id
from fluxrate_common.events.invoices import INVOICE_OVERDUE, INVOICE_PAID
from fluxrate_common.events.subscriptions import SUBSCRIPTION_CREATED
from fluxrate_common.http.errors import NotFound, ValidationFailed
from fluxrate_common.logging import get_logger
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.domain.subscriptions import Change, Subscription, start_subscription
from fluxrate_subscriptions.shared.readmodels import Catalog
from fluxrate_subscriptions.subscriptions import repository as repo

log = get_logger("fluxrate.subscriptions")
Command = Callable[[Subscription], tuple[Subscription, list[Change]]]
Step = tuple[Subscription, list[Change]]


@dataclass
class Lookups:
    """What recording a period end needs besides the subscription: the plan as it stands, and
    the customer's own id for it."""

    plans: dict[UUID, dict[str, Any]]
    customers: dict[UUID, tuple[str, str]]  # external id, sealed contact details


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed("invalid_field", f"{field}: {message}", field=field)


class SubscriptionService:
    def __init__(self, pool: asyncpg.Pool, catalog: Catalog, customers: CustomerRepository,
                 namespace: str) -> None:
        self._pool = pool
        self._catalog = catalog
        self._customers = customers
        self._topic = SUBSCRIPTIONS.name(namespace)

    # -- start ---------------------------------------------------------------------------

    async def create(self, org_id: UUID, customer_id: UUID, plan_id: UUID, start: datetime,
                     trial_end: datetime | None, end_date: datetime | None,
                     now: datetime) -> Subscription:
        plan = await self._catalog.plan(org_id, plan_id)
        if plan is None:
            raise _invalid("plan_id", "no plan with this id in your organisation")
        if plan["status"] != "ACTIVE":
            raise _invalid("plan_id", "the plan is INACTIVE")
        sub = start_subscription(new_id(), org_id, customer_id, plan_id, plan["interval"], start,
                                 trial_end, end_date, now)
        async with self._pool.acquire() as conn, conn.transaction():
            await self._record(conn, None, [(sub, [Change(SUBSCRIPTION_CREATED)])], now)
        return replace(sub, version=1)

    async def customer_id(self, org_id: UUID, customer_id: UUID | None,
                          external_id: str | None) -> UUID:
        if external_id is not None:
            customer = await self._customers.by_external_id(self._pool, org_id, external_id)
            if customer is None:
                raise _invalid("customer_external_id", "no customer with this external_id")
            return customer.id
        if await self._customers.get(self._pool, org_id, customer_id) is None:
            raise _invalid("customer_id", "no customer with this id in your organisation")
        return customer_id

    # -- commands ------------------------------------------------------------------------

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
        return await self._record(conn, sub, [(changed, changes)], now)

    async def new_plan(self, org_id: UUID, plan_id: UUID) -> dict[str, Any]:
        plan = await self._catalog.plan(org_id, plan_id)
        if plan is None:
            raise _invalid("plan_id", "no plan with this id in your organisation")
        if plan["status"] != "ACTIVE":
            raise _invalid("plan_id", "the plan is INACTIVE")
        return plan

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

    # -- the scheduler's work ------------------------------------------------------------

    async def advance_due(self, now: datetime, limit: int, max_periods: int) -> int:
        """Pass the due boundaries of up to `limit` subscriptions no other replica holds: all
        of them in a few statements; should that fail, one at a time, so a bad row cannot stop
        the rest."""
        async with self._pool.acquire() as conn, conn.transaction():
            due = await repo.lock_due(conn, now, limit)
            if not due:
                return 0
            lookups = await self._lookups(conn, due)
            work = await self._steps_or_quarantine(conn, due, now, max_periods)
            try:
                async with conn.transaction():
                    await self._record_many(conn, work, now, lookups)
            except TRANSIENT:
                raise
            except Exception:
                log.exception("period_batch_failed", subscriptions=len(work))
                await self._record_one_by_one(conn, work, now, lookups)
        return len(due)

    async def scheduler_health(self, now: datetime) -> tuple[float, int]:
        return await repo.scheduler_health(self._pool, now)

    async def _steps_or_quarantine(self, conn: asyncpg.Connection, due: list[Subscription],
                                   now: datetime, max_periods: int) -> list[tuple[Subscription, list[Step]]]:
        work = []
        for sub in due:
            try:
                steps = _steps(sub, now, max_periods)
            except Exception as error:
                await self._quarantine(conn, sub, error)
                continue
            if steps:
                work.append((sub, steps))
        return work

    @staticmethod
    async def _quarantine(conn: asyncpg.Connection, sub: Subscription, error: Exception) -> None:
        log.error("subscription_quarantined", subscription_id=str(sub.id), org_id=str(sub.org_id),
                  error=repr(error))
        await repo.quarantine(conn, sub.id, repr(error))

    async def _record_one_by_one(self, conn: asyncpg.Connection,
                                 work: list[tuple[Subscription, list[Step]]], now: datetime,
                                 lookups: Lookups) -> None:
        for sub, steps in work:
            try:
                async with conn.transaction():
                    await self._record(conn, sub, steps, now, lookups)
            except TRANSIENT:
                raise
            except Exception as error:
                await self._quarantine(conn, sub, error)

    async def _lookups(self, conn: asyncpg.Connection, subs: list[Subscription],
                       extra_plans: set[UUID] = frozenset()) -> Lookups:
        """Plans and customers' billing details for a whole batch, in two queries per org."""
        lookups = Lookups({}, {})
        for org_id in {s.org_id for s in subs}:
            mine = [s for s in subs if s.org_id == org_id]
            plan_ids = {s.plan_id for s in mine} | {s.pending_plan_id for s in mine if s.pending_plan_id}
            plan_ids |= extra_plans
            lookups.plans.update(await self._catalog.plans(conn, org_id, plan_ids))
            lookups.customers.update(await self._customers.billing_details(
                conn, org_id, {s.customer_id for s in mine}))
        return lookups

    # -- recording -----------------------------------------------------------------------

    async def _record(self, conn: asyncpg.Connection, before: Subscription | None,
                      steps: list[Step], now: datetime, lookups: Lookups | None = None) -> Subscription:
        if lookups is None:
            ended = {c.period.plan_id for _, changes in steps for c in changes if c.period}
            lookups = await self._lookups(conn, [steps[0][0]], ended)
        sub, append = self._versioned(before, steps, now, lookups)
        if before is None:
            await repo.insert(conn, sub)
        else:
            await repo.update(conn, sub, before.version)
        await append_events_many(conn, [append])
        return sub

    async def _record_many(self, conn: asyncpg.Connection, work: list[tuple[Subscription, list[Step]]],
                           now: datetime, lookups: Lookups) -> None:
        saved, appends = [], []
        for before, steps in work:
            sub, append = self._versioned(before, steps, now, lookups)
            saved.append((sub, before.version))
            appends.append(append)
        await repo.update_many(conn, saved)
        await append_events_many(conn, appends)

    def _versioned(self, before: Subscription | None, steps: list[Step], now: datetime,
                   lookups: Lookups) -> tuple[Subscription, Append]:
        """The final state, versioned by its event count, and the events to append."""
        base = before.version if before is not None else 0
        events, version, sub = [], base, steps[0][0]
        for sub, changes in steps:
            version += len(changes)
            sub = replace(sub, version=version)
            events += [self._event(sub, change, lookups, now) for change in changes]
        return sub, Append("subscription", sub.id, base, events, self._topic)

    @staticmethod
    def _event(sub: Subscription, change: Change, lookups: Lookups, now: datetime) -> Envelope:
        data: dict[str, Any] = {"subscription": sub.snapshot()}
        occurred = now
        if change.period is not None:
            plan = lookups.plans.get(change.period.plan_id)
            if plan is None:
                raise RuntimeError(f"plan {change.period.plan_id} is not in the read model")
            external_id, contact = lookups.customers[sub.customer_id]
            # The billing details as they are now, sealed as stored: what the invoice shows.
            data.update(period=change.period.data(), plan=plan,
                        customer={"id": str(sub.customer_id), "external_id": external_id,
                                  "contact": contact})
            occurred = change.period.end
        return change.event.make(sub.org_id, occurred, data)

    # -- reading -------------------------------------------------------------------------

    async def get(self, org_id: UUID, sub_id: UUID) -> Subscription:
        sub = await repo.get(self._pool, org_id, sub_id)
        if sub is None:
            raise NotFound("subscription")
        return sub


def _steps(sub: Subscription, now: datetime, max_periods: int) -> list[Step]:
    """The boundaries due by `now`, one period at a time, in order (at most `max_periods`;
    the rest on the next pass)."""
    steps: list[Step] = []
    current = sub
    for _ in range(max_periods):
        current, changes = current.advance(now)
        if not changes:
            break
        steps.append((current, changes))
    return steps
