"""Invoicing use cases: a DRAFT per subscription period, finalize (recompute, number, due
date, email), pay, void, write off, report overdue, preview the upcoming invoice."""

from __future__ import annotations

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
from fluxrate_invoicing.domain.invoices import Action, Status, invoice_number, next_status
from fluxrate_invoicing.domain.lines import (
    ONE,
    Line,
    build_lines,
    proration_of,
    share_so_far,
    subtotal,
)
from fluxrate_invoicing.reads import InvoiceReads
from fluxrate_invoicing.settings import Settings

Question = tuple[UUID, datetime, datetime]  # customer, start, end

_SUMMARY = ("id", "number", "status", "customer_id", "subscription_id", "period_start",
            "period_end", "currency", "subtotal", "total", "due_date", "finalized_at", "paid_at",
            "amount_paid", "payment_reference", "voided_at", "uncollectible_at", "failure_reason")


def summary(row: asyncpg.Record | dict[str, Any], lines: list[dict[str, Any]],
            now: datetime) -> dict[str, Any]:
    """The invoice as its events carry it: the summary, and what webhooks show besides (the
    period, the lines, the billing details still sealed)."""
    invoice = dict(row)
    sealed = invoice.get("customer")
    return {**{name: invoice[name] for name in _SUMMARY}, "period": invoice.get("period"),
            "finalize_at": invoice.get("finalize_at"),
            "created_at": invoice.get("created_at") or now, "lines": lines,
            "customer": bytes(sealed).decode() if sealed else None}


def numbered(lines: list[Line]) -> list[dict[str, Any]]:
    return [{"position": i, **line.as_dict()} for i, line in enumerate(lines)]


class InvoiceService:
    def __init__(self, pool: asyncpg.Pool, usage: UsageClient, reads: InvoiceReads,
                 settings: Settings) -> None:
        self._pool = pool
        self._usage = usage
        self._reads = reads
        self._grace = timedelta(seconds=settings.invoice_grace_period_seconds)
        self._net = timedelta(days=settings.invoice_net_days)
        self._topic = INVOICES.name(settings.kafka_namespace)

    # -- usage ---------------------------------------------------------------------------

    async def usage_for(self, org_questions: dict[UUID, list[Question]],
                        now: datetime) -> dict[tuple[UUID, Question], dict[UUID, Decimal]]:
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
        questions: dict[UUID, list[Question]] = {}
        for event in billable:
            questions.setdefault(event.org_id, []).append(period_question(event))
        usage = await self.usage_for(questions, now)
        drafts = [self._draft(e, usage[(e.org_id, period_question(e))], now) for e in billable]
        created = await repo.insert_drafts(conn, [d for d, _ in drafts], now)
        made = [(d, lines) for d, lines in drafts if d["id"] in created]
        await repo.write_lines(conn, {d["id"]: lines for d, lines in made})
        await append_events_many(conn, [self._append(d, 0, INVOICE_CREATED, now, numbered(lines))
                                        for d, lines in made])
        return len(made)

    def _draft(self, event: Envelope, usage: dict[UUID, Decimal],
               now: datetime) -> tuple[dict[str, Any], list[Line]]:
        data = event.data
        period, plan, sub = data["period"], data["plan"], data["subscription"]
        lines, failure = priced(plan, period, usage)
        draft = {**dict.fromkeys(_SUMMARY), "id": new_id(), "org_id": event.org_id,
                 "customer_id": UUID(sub["customer_id"]),
                 "subscription_id": UUID(sub["id"]), "period": period,
                 "period_start": datetime.fromisoformat(period["start"]),
                 "period_end": datetime.fromisoformat(period["end"]), "currency": plan["currency"],
                 "subtotal": subtotal(lines), "total": subtotal(lines),
                 "status": Status.FAILED.value if failure else Status.DRAFT.value,
                 "failure_reason": failure, "number": None,
                 "customer": data["customer"]["contact"].encode(), "plan": plan,
                 "customer_external_id": data["customer"].get("external_id"),
                 "finalize_at": now + self._grace}
        return draft, lines

    # -- finalizing ----------------------------------------------------------------------

    async def finalize(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        async with self._pool.acquire() as conn, conn.transaction():
            row = await self._locked(conn, org_id, invoice_id)
            next_status(Status(row["status"]), Action.FINALIZE)
            await self._finalize(conn, [row], now)
            return await repo.get(conn, org_id, invoice_id)

    async def finalize_due(self, now: datetime, limit: int) -> int:
        """Finalize drafts whose review window is over (safe with several replicas)."""
        async with self._pool.acquire() as conn, conn.transaction():
            drafts = await repo.due_drafts(conn, now, limit)
            if drafts:
                await self._finalize(conn, drafts, now)
        return len(drafts)

    async def _finalize(self, conn: asyncpg.Connection, rows: list[asyncpg.Record],
                        now: datetime) -> None:
        """Recompute with the usage as it is now (late events in the window count), number,
        date, and queue the emails — in this transaction, in a few statements for all."""
        questions: dict[UUID, list[Question]] = {}
        for row in rows:
            questions.setdefault(row["org_id"], []).append(_question(row))
        usage = await self.usage_for(questions, now)
        priced_rows, failed = [], []
        for row in rows:
            its_lines, failure = priced(row["plan"], row["period"], usage[(row["org_id"], _question(row))])
            if failure:
                failed.append((row, failure))
            else:
                priced_rows.append((row, its_lines))
        await self._fail(conn, failed, now)
        await self._open(conn, priced_rows, now)

    async def _fail(self, conn: asyncpg.Connection, failed: list[tuple[asyncpg.Record, str]],
                    now: datetime) -> None:
        """A draft that can no longer be priced is FAILED, saying why; the rest go on."""
        for row, reason in failed:
            fields = {"status": Status.FAILED.value, "failure_reason": reason, "updated_at": now}
            await repo.update(conn, row["id"], row["version"], **fields)
            await self._record(conn, row["org_id"], row["id"], row["version"], INVOICE_FAILED,
                               {**dict(row), **fields}, now)

    async def _open(self, conn: asyncpg.Connection, rows: list[tuple[asyncpg.Record, list[Line]]],
                    now: datetime) -> None:
        counts: dict[UUID, int] = {}
        for row, _ in rows:
            counts[row["org_id"]] = counts.get(row["org_id"], 0) + 1
        # Numbers only for invoices that open: gapless per org, whatever failed.
        numbers = {org_id: await repo.take_numbers(conn, org_id, n) for org_id, n in counts.items()}
        lines, updates, appends = {}, [], []
        for row, its_lines in rows:
            total, number = subtotal(its_lines), invoice_number(numbers[row["org_id"]])
            numbers[row["org_id"]] += 1
            lines[row["id"]] = its_lines
            updates.append((row["id"], row["version"], number, total, now, now + self._net))
            invoice = {**dict(row), "status": Status.OPEN.value, "number": number, "total": total,
                       "subtotal": total, "finalized_at": now, "due_date": now + self._net}
            appends.append(self._append(invoice, row["version"], INVOICE_FINALIZED, now,
                                        numbered(its_lines)))
        await repo.write_lines(conn, lines)
        await repo.finalize_many(conn, updates)
        await repo.queue_emails(conn, [(row["org_id"], row["id"]) for row, _ in rows])
        await append_events_many(conn, appends)

    async def retry(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        """Price a FAILED invoice again (once what stopped it is fixed): a DRAFT with a fresh
        review window, or still FAILED with the reason (422)."""
        async with self._pool.acquire() as conn, conn.transaction():
            row = await self._locked(conn, org_id, invoice_id)
            next_status(Status(row["status"]), Action.RETRY)
            question = _question(row)
            usage = (await self.usage_for({org_id: [question]}, now))[(org_id, question)]
            its_lines, failure = priced(row["plan"], row["period"], usage)
            if failure:
                raise ValidationFailed("still_failing", f"the invoice still cannot be priced: {failure}")
            fields = {"status": Status.DRAFT.value, "failure_reason": None, "subtotal": subtotal(its_lines),
                      "total": subtotal(its_lines), "finalize_at": now + self._grace, "updated_at": now}
            await repo.write_lines(conn, {row["id"]: its_lines})
            await repo.update(conn, row["id"], row["version"], **fields)
            await self._record(conn, org_id, row["id"], row["version"], INVOICE_RETRIED,
                               {**dict(row), **fields}, now)
            return await repo.get(conn, org_id, invoice_id)

    # -- the rest of the lifecycle -------------------------------------------------------

    async def pay(self, org_id: UUID, invoice_id: UUID, amount: Decimal | None,
                  reference: str | None, now: datetime) -> asyncpg.Record:
        def check(row: asyncpg.Record) -> dict[str, Any]:
            paid = row["total"] if amount is None else amount
            if paid != row["total"]:
                raise ValidationFailed("amount_mismatch", f"amount: must equal the total "
                                       f"({row['total']} {row['currency']})", field="amount")
            return {"amount_paid": paid, "payment_reference": reference, "paid_at": now}

        return await self._move(org_id, invoice_id, Action.PAY, INVOICE_PAID, now, check)

    async def void(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        return await self._move(org_id, invoice_id, Action.VOID, INVOICE_VOIDED, now,
                                lambda _: {"voided_at": now})

    async def mark_uncollectible(self, org_id: UUID, invoice_id: UUID, now: datetime) -> asyncpg.Record:
        return await self._move(org_id, invoice_id, Action.MARK_UNCOLLECTIBLE,
                                INVOICE_MARKED_UNCOLLECTIBLE, now,
                                lambda _: {"uncollectible_at": now})

    async def _move(self, org_id: UUID, invoice_id: UUID, action: Action, event_type: EventType,
                    now: datetime,
                    fields_for: Callable[[asyncpg.Record], dict[str, Any]]) -> asyncpg.Record:
        async with self._pool.acquire() as conn, conn.transaction():
            row = await self._locked(conn, org_id, invoice_id)
            status = next_status(Status(row["status"]), action)
            fields = {**fields_for(row), "status": status.value, "updated_at": now}
            await repo.update(conn, row["id"], row["version"], **fields)
            await self._record(conn, org_id, row["id"], row["version"], event_type,
                               {**dict(row), **fields}, now)
            return await repo.get(conn, org_id, invoice_id)

    async def report_overdue(self, now: datetime, limit: int) -> int:
        """Tell subscriptions, once per invoice, that an OPEN invoice passed its due date."""
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await repo.newly_overdue(conn, now, limit)
            for row in rows:
                await repo.update(conn, row["id"], row["version"], overdue_reported_at=now)
                await self._record(conn, row["org_id"], row["id"], row["version"], INVOICE_OVERDUE,
                                   dict(row), now)
        return len(rows)

    # -- shared --------------------------------------------------------------------------

    async def _locked(self, conn: asyncpg.Connection, org_id: UUID, invoice_id: UUID) -> asyncpg.Record:
        row = await repo.get(conn, org_id, invoice_id, lock=True)
        if row is None:
            raise NotFound("invoice")
        return row

    async def _record(self, conn: asyncpg.Connection, org_id: UUID, invoice_id: UUID,
                      version: int, event_type: EventType, invoice: dict[str, Any], now: datetime) -> None:
        lines = (await repo.lines(conn, [invoice_id]))[invoice_id]
        await append_events_many(conn, [self._append(invoice, version, event_type, now, lines)])

    def _append(self, invoice: dict[str, Any], version: int, event_type: EventType,
                now: datetime, lines: list[dict[str, Any]]) -> Append:
        # The invoice's version after this event: read models apply them in order by it.
        event = event_type.make(invoice["org_id"], now,
                                {"invoice": summary(invoice, lines, now), "version": version + 1})
        return Append("invoice", invoice["id"], version, [event], self._topic)

    def billing_details(self, sealed: bytes) -> dict[str, Any]:
        return self._reads.billing_details(sealed)

    async def shown(self, row: asyncpg.Record, with_customer: bool) -> dict[str, Any]:
        """The invoice as the API shows it (after a change of its status)."""
        return (await self._reads.shown([row], with_customer))[0]

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


def priced(plan: dict[str, Any], period: dict[str, Any],
           usage: dict[UUID, Decimal]) -> tuple[list[Line], str | None]:
    """The lines, or why the period cannot be priced (a failure of what it holds, not of the
    machinery: that one is raised and retried)."""
    try:
        return build_lines(plan, proration_of(period), usage), None
    except (ArithmeticError, ValueError, KeyError, TypeError) as error:
        return [], repr(error)


def _question(row: asyncpg.Record) -> Question:
    return (row["customer_id"], row["period_start"], row["period_end"])


def period_question(event: Envelope) -> Question:
    """The usage question a period-end event asks: its customer over [start, end)."""
    period = event.data["period"]
    return (UUID(event.data["subscription"]["customer_id"]), datetime.fromisoformat(period["start"]),
            datetime.fromisoformat(period["end"]))

