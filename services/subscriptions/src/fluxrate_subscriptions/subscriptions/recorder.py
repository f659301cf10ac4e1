"""Recording subscription changes: the new state saved and its events appended through the
outbox, in the caller's transaction. A period end's event carries the plan as it stands and the
customer's billing details, looked up for a whole batch at once."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.db.eventstore import Append, append_events_many
from fluxrate_common.events import SUBSCRIPTIONS, Envelope
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.domain.subscriptions import Change, Subscription
from fluxrate_subscriptions.shared.readmodels import Catalog
from fluxrate_subscriptions.subscriptions import repository as repo

Step = tuple[Subscription, list[Change]]


@dataclass
class Lookups:
    """What recording a period end needs besides the subscription: the plan as it stands, and
    the customer's own id for it."""

    plans: dict[UUID, dict[str, Any]]
    customers: dict[UUID, tuple[str, str]]  # external id, sealed contact details


class SubscriptionRecorder:
    def __init__(self, catalog: Catalog, customers: CustomerRepository, namespace: str) -> None:
        self._catalog = catalog
        self._customers = customers
        self._topic = SUBSCRIPTIONS.name(namespace)

    async def lookups(self, conn: asyncpg.Connection, subs: list[Subscription],
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

    async def record(self, conn: asyncpg.Connection, before: Subscription | None,
                     steps: list[Step], now: datetime, lookups: Lookups | None = None) -> Subscription:
        if lookups is None:
            ended = {c.period.plan_id for _, changes in steps for c in changes if c.period}
            lookups = await self.lookups(conn, [steps[0][0]], ended)
        sub, append = self._versioned(before, steps, now, lookups)
        if before is None:
            await repo.insert(conn, sub)
        else:
            await repo.update(conn, sub, before.version)
        await append_events_many(conn, [append])
        return sub

    async def record_many(self, conn: asyncpg.Connection, work: list[tuple[Subscription, list[Step]]],
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
            events += [_event(sub, change, lookups, now) for change in changes]
        return sub, Append("subscription", sub.id, base, events, self._topic)


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
