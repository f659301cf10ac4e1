"""Invoicing throughput, services run as in production (one process each): 10,000
subscriptions, each on a plan with one fixed and two usage charges, all ending their period at
the same instant. Prints invoices/s from period end to DRAFT, and from DRAFT to OPEN.

The review window is fast-forwarded for the second figure (every draft's finalize_at set to
now, as an hour passing would), so finalization is measured on its own.

    .venv/bin/python bench/invoicing.py [--subscriptions 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from _stack import machine, servers

from fluxrate_common.runner import install_fast_event_loop
from tests.support.api import Org, signup
from tests.support.services import start_services

SERVICES = ["identity", "catalog", "subscriptions", "ingest", "aggregator", "invoicing"]


async def catalog(org: Org) -> str:
    meters = [(await org.session.post("/api/v1/meters", {"name": n, "aggregation": "SUM"})).body
              for n in ("calls", "storage")]
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Bench", "type": "HYBRID", "interval": "day", "currency": "USD"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {"type": "FIXED", "unit_price": 5})
    for meter, price in zip(meters, ("0.001", "0.02"), strict=True):
        await org.session.post(f"/api/v1/plans/{plan['id']}/charges", {
            "type": "USAGE", "meter_id": meter["id"], "unit_price": price})
    return plan["id"]


async def in_parallel(jobs: list, width: int = 16) -> None:
    queue = iter(jobs)

    async def worker() -> None:
        for job in queue:
            await job()

    await asyncio.gather(*(worker() for _ in range(width)))


async def subscribe_all(org: Org, plan_id: str, count: int, start: datetime) -> None:
    async def one(n: int) -> None:
        await org.session.put(f"/api/v1/customers/external/b{n}", {"email": f"b{n}@example.com"})
        reply = await org.session.post("/api/v1/subscriptions", {
            "customer_external_id": f"b{n}", "plan_id": plan_id, "start_date": start.isoformat()})
        assert reply.status == 201, reply.body

    await in_parallel([lambda n=n: one(n) for n in range(count)])


async def usage(org: Org, count: int, start: datetime) -> None:
    api = org.session.with_key(await org.api_key("write"))
    ts = (start + timedelta(hours=1)).isoformat()
    events = [{"meter_name": meter, "customer_external_id": f"b{n}", "quantity": n % 50 + 1,
               "idempotency_key": f"{meter}-{n}", "timestamp": ts}
              for n in range(count) for meter in ("calls", "storage")]
    batches = [events[i:i + 500] for i in range(0, len(events), 500)]
    await in_parallel([lambda b=b: api.post("/api/v1/usage/batch", {"events": b}) for b in batches], 4)


async def until(conn: asyncpg.Connection, sql: str, target: int) -> float:
    while await conn.fetchval(sql) < target:
        await asyncio.sleep(0.05)
    return time.perf_counter()


async def main(args: argparse.Namespace) -> None:
    count = args.subscriptions
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        environment = await stack.new_environment(FLUXRATE_LOG_LEVEL="WARNING",
                                                  FLUXRATE_INGEST_BACKFILL_DAYS="10")
        services = await start_services(environment, SERVICES, Path(logs))
        conn = await asyncpg.connect(environment.database_url)
        try:
            org = await signup(services.url_for)
            plan_id = await catalog(org)
            period_end = datetime.now(UTC) + timedelta(seconds=args.setup_seconds)
            start = period_end - timedelta(days=1)
            began = time.perf_counter()
            await subscribe_all(org, plan_id, count, start)
            await usage(org, count, start)
            print(f"setup: {count:,} customers, subscriptions and {2 * count:,} usage events "
                  f"in {time.perf_counter() - began:.0f} s")
            wait = (period_end - datetime.now(UTC)).total_seconds()
            assert wait > 0, "setup took longer than --setup-seconds; raise it"
            await asyncio.sleep(wait)
            ended = time.perf_counter()
            drafted = await until(conn, "SELECT count(*) FROM invoicing.invoices", count)
            await conn.execute("UPDATE invoicing.invoices SET finalize_at = now()"
                               " WHERE status = 'DRAFT'")
            due = time.perf_counter()
            opened = await until(conn, "SELECT count(*) FROM invoicing.invoices"
                                       " WHERE status = 'OPEN'", count)
            print(f"machine: {machine()}")
            print(f"period end -> DRAFT: {count / (drafted - ended):,.0f} invoices/s "
                  f"({count:,} in {drafted - ended:.1f} s, scheduler poll included)")
            print(f"DRAFT -> OPEN: {count / (opened - due):,.0f} invoices/s "
                  f"({count:,} in {opened - due:.1f} s, usage recomputed, numbered, emails queued)")
        finally:
            await conn.close()
            services.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--setup-seconds", type=int, default=300,
                        help="when the period ends, counted from the start of setup")
    install_fast_event_loop()
    asyncio.run(main(parser.parse_args()))
