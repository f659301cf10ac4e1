"""Invoicing use cases: a DRAFT per subscription period, finalize (recompute, number, due
date, email), pay, void, write off, report overdue, preview the upcoming invoice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.db.eventstore import Append, append_events_many
from fluxrate_common.events import INVOICES, Envelope, EventType, new_id
from fluxrate_common.events.invoices import (
    INVOICE_CREATED,
    INVOICE_FAILED,
    INVOICE_FINALIZED,
    INVOICE_MARKED_UNCOLLECTIBLE,
    INVOICE_OVERDUE,
    INVOICE_PAID,
    INVOICE_RETRIED,
    INVOICE_VOIDED,
)
from fluxrate_common.http.errors import NotFound, ValidationFailed
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.domain.invoice import Invoice, Question, draft, period_question
from fluxrate_invoicing.domain.invoices import Action, Status, next_status
from fluxrate_invoicing.domain.lines import ONE, Line, build_lines, numbered, priced, share_so_far, subtotal
from fluxrate_invoicing.reads import InvoiceReads
from fluxrate_invoicing.settings import Settings

Usage = dict[tuple[UUID, Question], dict[UUID, Decimal]]  # per (org, question): per meter
Change = Callable[[Invoice], Invoice]


def by_org(asked: list[tuple[UUID, Question]]) -> dict[UUID, list[Question]]:
    questions: dict[UUID, list[Question]] = {}
    for org_id, question in asked:
        questions.setdefault(org_id, []).append(question)
    return questions


class InvoiceService:
    def __init__(self, pool: asyncpg.Pool, usage: UsageClient, reads: InvoiceReads,
                 settings: Settings) -> None:
        self._pool = pool
        self._usage = usage
        self._reads = reads
        self._grace = timedelta(seconds=settings.invoice_grace_period_seconds)
        self._net = timedelta(days=settings.invoice_net_days)
        self._topic = INVOICES.name(settings.kafka_namespace)

    async def usage_for(self, org_questions: dict[UUID, list[Question]], now: datetime) -> Usage:
        """One aggregator request per org for a whole batch of periods."""
        answers = {}
        for org_id, questions in org_questions.items():
            unique = list(dict.fromkeys(questions))
            for question, usage in zip(unique, await self._usage.usage_many(org_id, unique, now),
                                       strict=True):
                answers[(org_id, question)] = usage
        return answers

    # -- creation ------------------------------------------------------------------------

    async def create_drafts(self, conn: asyncpg.Connection, events: list[Envelope],
                            now: datetime) -> int:
        """A DRAFT per billable period-end event (a trial bills nothing; a period that already
        has its invoice keeps it), the batch's usage asked for in one request per org."""
        billable = [e for e in events if e.data["period"]["kind"] != "trial"]
        if not billable:
            return 0
        asked = [(e.org_id, period_question(e.data)) for e in billable]
        usage = await self.usage_for(by_org(asked), now)
        drafts = [self._draft(e, usage[key], now) for e, key in zip(billable, asked, strict=True)]
        created = await repo.insert_drafts(conn, [d for d, _ in drafts], now)
        made = [(d, lines) for d, lines in drafts if d.id in created]
        await repo.write_lines(conn, {d.id: lines for d, lines in made})
        await append_events_many(conn, [self._append(d, INVOICE_CREATED, now, numbered(lines))
                                        for d, lines in made])
        return len(made)

    def _draft(self, event: Envelope, usage: dict[UUID, Decimal],
               now: datetime) -> tuple[Invoice, list[Line]]:
        lines, failure = priced(event.data["plan"], event.data["period"], usage)
        return draft(new_id(), event.org_id, event.data, subtotal(lines), failure,
                     now + self._grace), lines

    # -- finalizing ----------------------------------------------------------------------

    async def finalize(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        async with self._pool.acquire() as conn, conn.transaction():
            invoice = await self._locked(conn, org_id, invoice_id)
            next_status(Status(invoice.status), Action.FINALIZE)
            await self._finalize(conn, [invoice], now)
            return await repo.get(conn, org_id, invoice_id)

    async def finalize_due(self, now: datetime, limit: int) -> int:
        """Finalize drafts whose review window is over (safe with several replicas)."""
        async with self._pool.acquire() as conn, conn.transaction():
            drafts = [Invoice.of(row) for row in await repo.due_drafts(conn, now, limit)]
            if drafts:
                await self._finalize(conn, drafts, now)
        return len(drafts)

    async def _finalize(self, conn: asyncpg.Connection, drafts: list[Invoice],
                        now: datetime) -> None:
        """Recompute with the usage as it is now (late events in the window count), number,
        date, and queue the emails — in this transaction, in a few statements for all."""
        usage = await self.usage_for(by_org([(d.org_id, d.question) for d in drafts]), now)
        to_open = []
        for invoice in drafts:
            lines, failure = priced(invoice.plan, invoice.period,
                                    usage[(invoice.org_id, invoice.question)])
            if failure:  # no longer priceable: FAILED, saying why; the rest go on
                await self._save(conn, invoice, invoice.failed(failure, now), INVOICE_FAILED, now)
            else:
                to_open.append((invoice, lines))
        await self._open(conn, to_open, now)

    async def _open(self, conn: asyncpg.Connection, drafts: list[tuple[Invoice, list[Line]]],
                    now: datetime) -> None:
        """Number (gapless per org: only invoices that open take one), total, date and queue the
        emails of drafts priced just now."""
        counts = Counter(invoice.org_id for invoice, _ in drafts)
        sequences = {org_id: await repo.take_numbers(conn, org_id, n) for org_id, n in counts.items()}
        opened = []
        for invoice, lines in drafts:
            opened.append((invoice.opened(sequences[invoice.org_id], subtotal(lines), now, self._net),
                           lines))
            sequences[invoice.org_id] += 1
        await repo.write_lines(conn, {invoice.id: lines for invoice, lines in opened})
        await repo.finalize_many(conn, [(i.id, i.version, i.number, i.total, now, i.due_date)
                                        for i, _ in opened])
        await repo.queue_emails(conn, [(i.org_id, i.id) for i, _ in opened])
        await append_events_many(conn, [self._append(i, INVOICE_FINALIZED, now, numbered(lines))
                                        for i, lines in opened])

    async def retry(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        """Price a FAILED invoice again (once what stopped it is fixed): a DRAFT with a fresh
        review window, or still FAILED with the reason (422)."""
        async with self._pool.acquire() as conn, conn.transaction():
            invoice = await self._locked(conn, org_id, invoice_id)
            next_status(Status(invoice.status), Action.RETRY)
            usage = await self.usage_for({org_id: [invoice.question]}, now)
            lines, failure = priced(invoice.plan, invoice.period, usage[(org_id, invoice.question)])
            if failure:
                raise ValidationFailed("still_failing", f"the invoice still cannot be priced: {failure}")
            await repo.write_lines(conn, {invoice.id: lines})
            retried = invoice.retried(subtotal(lines), now + self._grace, now)
            await self._save(conn, invoice, retried, INVOICE_RETRIED, now)
            return await repo.get(conn, org_id, invoice_id)

    # -- the rest of the lifecycle -------------------------------------------------------

    async def pay(self, org_id: UUID, invoice_id: UUID, amount: Decimal | None,
                  reference: str | None, now: datetime) -> asyncpg.Record:
        return await self._change(org_id, invoice_id, INVOICE_PAID, now,
                                  lambda invoice: invoice.paid(amount, reference, now))

    async def void(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        return await self._change(org_id, invoice_id, INVOICE_VOIDED, now,
                                  lambda invoice: invoice.voided(now))

    async def mark_uncollectible(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        return await self._change(org_id, invoice_id, INVOICE_MARKED_UNCOLLECTIBLE, now,
                                  lambda invoice: invoice.written_off(now))

    async def _change(self, org_id: UUID, invoice_id: UUID, event_type: EventType, now: datetime,
                      change: Change) -> asyncpg.Record:
        async with self._pool.acquire() as conn, conn.transaction():
            invoice = await self._locked(conn, org_id, invoice_id)
            await self._save(conn, invoice, change(invoice), event_type, now)
            return await repo.get(conn, org_id, invoice_id)

    async def report_overdue(self, now: datetime, limit: int) -> int:
        """Tell subscriptions, once per invoice, that an OPEN invoice passed its due date."""
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await repo.newly_overdue(conn, now, limit)
            for invoice in map(Invoice.of, rows):
                await repo.update(conn, invoice.id, invoice.version, overdue_reported_at=now)
                await self._record(conn, invoice, INVOICE_OVERDUE, now)
        return len(rows)

    # -- shared --------------------------------------------------------------------------

    async def _locked(self, conn: asyncpg.Connection, org_id: UUID, invoice_id: UUID) -> Invoice:
        row = await repo.get(conn, org_id, invoice_id, lock=True)
        if row is None:
            raise NotFound("invoice")
        return Invoice.of(row)

    async def _save(self, conn: asyncpg.Connection, before: Invoice, after: Invoice,
                    event_type: EventType, now: datetime) -> None:
        """Write what changed (the version moves on by one) and record the event."""
        await repo.update(conn, before.id, before.version, **after.changes_from(before))
        await self._record(conn, after, event_type, now)

    async def _record(self, conn: asyncpg.Connection, invoice: Invoice, event_type: EventType,
                      now: datetime) -> None:
        lines = (await repo.lines(conn, [invoice.id]))[invoice.id]
        await append_events_many(conn, [self._append(invoice, event_type, now, lines)])

    def _append(self, invoice: Invoice, event_type: EventType, now: datetime,
                lines: list[dict[str, Any]]) -> Append:
        # The invoice's version after this event: read models apply them in order by it.
        event = event_type.make(invoice.org_id, now, {"invoice": invoice.summary(lines, now),
                                                      "version": invoice.version + 1})
        return Append("invoice", invoice.id, invoice.version, [event], self._topic)

    def billing_details(self, sealed: bytes) -> dict[str, Any]:
        return self._reads.billing_details(sealed)

    async def shown(self, row: asyncpg.Record, with_customer: bool) -> dict[str, Any]:
        """The invoice as the API shows it (after a change of its status)."""
        return await self._reads.shown_one(row, with_customer)

    # -- previews ------------------------------------------------------------------------

    async def upcoming(self, org_id: UUID, subscription_id: UUID, now: datetime,
                       ending_now: bool = False) -> dict[str, Any]:
        """What the current period would bill so far: fixed fees for the period, usage to now.
        `ending_now`: as if the period ended now (a plan change or a cancellation now), fixed
        fees prorated by the days elapsed."""
        sub = await repo.snapshot(self._pool, "subscriptions", org_id, subscription_id)
        if sub is None:
            raise NotFound("subscription")
        plan = await repo.snapshot(self._pool, "plans", org_id, UUID(sub["plan_id"]))
        if plan is None:
            raise NotFound("plan")
        start = datetime.fromisoformat(sub["current_period_start"])
        question = (UUID(sub["customer_id"]), start, max(now, start + timedelta(seconds=1)))
        usage = (await self.usage_for({org_id: [question]}, now))[(org_id, question)]
        proration = share_so_far(start, datetime.fromisoformat(sub["current_period_end"]), now) \
            if ending_now else ONE
        lines = build_lines(plan, proration, usage)
        return {"subscription_id": subscription_id, "customer_id": sub["customer_id"],
                "status": sub["status"], "currency": plan["currency"], "period_start": start,
                "period_end": sub["current_period_end"], "usage_until": question[2],
                "lines": [line.as_dict() for line in lines], "subtotal": subtotal(lines),
                "total": subtotal(lines)}
