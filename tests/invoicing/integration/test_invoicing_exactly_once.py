"""Proof: the invoicing consumer (and worker) process SIGKILLed 5 times while it turns 600
period ends into invoices and finalizes them, a mailer process sending meanwhile — every period
has exactly one invoice with the right total, and every email went once. Overdue and paid
invoices move subscriptions to PAST_DUE and back."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import asyncpg
import pytest

from fluxrate_platform.devstack import free_port
from fluxrate_platform.devstack.mail import MailSink
from tests.support.api import Org, signup
from tests.support.mail import by_message_id
from tests.support.processes import eventually, wait_until_ready
from tests.support.services import Services, start_services
from tests.support.stack import ServerStack

CUSTOMERS = 40
DAYS = 25
FIXED, PRICE = Decimal("2.00"), Decimal("0.01")
SERVICES = ["identity", "catalog", "subscriptions", "ingest", "aggregator", "invoicing",
            "invoicing#mailer"]
ROLES = {"invoicing": {"FLUXRATE_INVOICING_ROLES": '["consumer", "worker"]'},
         "invoicing#mailer": {"FLUXRATE_INVOICING_ROLES": '["mailer"]'}}


def quantity(customer: int, day: int) -> int:
    return (customer + day) % 7 + 1


def expected_total(customer: int, day: int) -> Decimal:
    return FIXED + quantity(customer, day) * PRICE


async def setup_catalog(org: Org) -> str:
    await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    meters = (await org.session.get("/api/v1/meters")).body["data"]
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Daily", "type": "HYBRID", "interval": "day", "currency": "USD"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED",
                                                                   "unit_price": str(FIXED)})
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {
        "type": "USAGE", "meter_id": meters[0]["id"], "unit_price": str(PRICE)})
    return plan["id"]


async def send_usage(org: Org, first_day: datetime, conn: asyncpg.Connection) -> None:
    api = org.session.with_key(await org.api_key("write"))
    events = [{"meter_name": "calls", "customer_external_id": f"c{c}", "quantity": quantity(c, d),
               "idempotency_key": f"u-{c}-{d}",
               "timestamp": (first_day + timedelta(days=d, hours=12)).isoformat()}
              for c in range(CUSTOMERS) for d in range(DAYS)]
    for i in range(0, len(events), 200):
        reply = await api.post("/api/v1/usage/batch", {"events": events[i:i + 200]})
        assert reply.body["accepted"] == len(events[i:i + 200]), reply.body

    async def aggregated() -> bool:
        return await conn.fetchval("SELECT count(*) FROM aggregator.usage_events") == len(events)

    await eventually(aggregated, timeout=60)


async def kill_invoicing(services: Services, conn: asyncpg.Connection) -> list[int]:
    """Kill the consumer/worker process 5 times, each time once it has made fresh progress
    since the last kill (only the new incarnation can have made it), and start it again
    without waiting for it; returns the invoices not yet finalized at each kill."""
    async def finalized() -> int:
        return await conn.fetchval("SELECT count(*) FROM invoicing.invoices WHERE status = 'OPEN'")

    rng, left, before = random.Random(9), [], await finalized()
    invoicing = services["invoicing"]
    for _ in range(5):
        async def progressing(before: int = before) -> bool:  # real work again since the kill
            return await finalized() >= before + 10

        await eventually(progressing, timeout=120, interval=0.02)
        await asyncio.sleep(rng.uniform(0.0, 0.2))
        invoicing.process.kill()
        before = await finalized()
        left.append(CUSTOMERS * DAYS - before)
        invoicing.process.start()
    await wait_until_ready(f"{invoicing.url}/readyz", invoicing.process)
    return left


async def check_invoices(conn: asyncpg.Connection, first_day: datetime) -> None:
    rows = await conn.fetch("SELECT i.total, i.period_start, c.external_id FROM invoicing.invoices i"
                            " JOIN subscriptions.customers c ON c.id = i.customer_id")
    assert len(rows) == CUSTOMERS * DAYS
    seen = set()
    for row in rows:
        customer, day = int(row["external_id"][1:]), (row["period_start"] - first_day).days
        assert (customer, day) not in seen
        seen.add((customer, day))
        assert row["total"] == expected_total(customer, day), (customer, day)


@pytest.mark.slow
async def test_one_invoice_and_one_email_per_period_through_kills(stack: ServerStack,
                                                                 tmp_path) -> None:
    mail = MailSink(free_port())
    mail.start()
    environment = await stack.new_environment(
        FLUXRATE_INVOICE_GRACE_PERIOD_SECONDS="0", FLUXRATE_INVOICE_NET_DAYS="0",
        FLUXRATE_INVOICE_WORKER_INTERVAL_MS="100", FLUXRATE_INVOICE_WORKER_BATCH_SIZE="40",
        FLUXRATE_SMTP_HOST="127.0.0.1", FLUXRATE_SMTP_PORT=str(mail.port))
    services = await start_services(environment, SERVICES, tmp_path, own_env=ROLES)
    conn = await asyncpg.connect(environment.database_url)
    try:
        org = await signup(services.url_for)
        plan_id = await setup_catalog(org)
        for c in range(CUSTOMERS):
            await org.session.put(f"/api/v1/customers/external/c{c}", {
                "name": f"Customer {c}", "email": f"c{c}@example.com"})
        first_day = (datetime.now(UTC) - timedelta(days=DAYS)).replace(
            hour=0, minute=0, second=0, microsecond=0)
        await send_usage(org, first_day, conn)
        for c in range(CUSTOMERS):
            reply = await org.session.post("/api/v1/subscriptions", {
                "customer_external_id": f"c{c}", "plan_id": plan_id,
                "start_date": first_day.isoformat()})
            assert reply.status == 201, reply.body
        left = await kill_invoicing(services, conn)
        assert all(n > 0 for n in left), left  # every kill landed while work was in flight

        async def all_emailed() -> bool:
            return len(mail.messages) >= CUSTOMERS * DAYS and await conn.fetchval(
                "SELECT count(*) FROM invoicing.email_outbox WHERE sent_at IS NULL") == 0

        # Every row of the email outbox is marked sent, and a mailer marks a row only after
        # sending it: no further email can leave, so any duplicate is already in the sink.
        await eventually(all_emailed, timeout=120, interval=0.5)
        await check_invoices(conn, first_day)
        sent = by_message_id(mail.messages)
        assert len(sent) == CUSTOMERS * DAYS and all(len(m) == 1 for m in sent.values())

        async def all_past_due() -> bool:
            return await conn.fetchval("SELECT count(*) FROM subscriptions.subscriptions"
                                       " WHERE status = 'PAST_DUE'") == CUSTOMERS

        await eventually(all_past_due, timeout=60)
        invoices = (await org.session.get("/api/v1/invoices", params={
            "status": "OPEN", "limit": "500"})).body["data"]
        sub_id = invoices[0]["subscription_id"]
        for invoice in [i for i in invoices if i["subscription_id"] == sub_id]:
            assert (await org.session.post(f"/api/v1/invoices/{invoice['id']}/pay", {})).status == 200

        async def active_again() -> bool:
            return (await org.session.get(f"/api/v1/subscriptions/{sub_id}")).body["status"] == "ACTIVE"

        await eventually(active_again, timeout=30)
    finally:
        await conn.close()
        services.stop()
        mail.stop()
