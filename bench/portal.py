"""The customer portal and invoice PDFs, services run as in production (one process each).
Prints:

  (a) PDF render of a 50-line invoice (a base fee, 24 metered lines, 25 tiered ones with their
      tiers: 125 rows over several pages), in process, formatting caches cleared each time:
      p50 / p99 / max (target: p99 under 300 ms);
  (b) GET /api/v1/invoices/{id}/pdf of a real 50-line invoice: reads, render, answer;
  (c) the portal's data: its home is one call (GET /api/v1/portal/summary), an invoice's page
      one more (GET /api/v1/portal/invoices/{id}); p50 / p99 of each (target: p99 under 50 ms).

(b) and (c) come from one sequential client on loopback: the server time each service reports
(`Server-Timing`: from the request's arrival to its answer, the aggregator's part included),
and the time the client saw. On a shared machine every wall-clock figure grows with the load
(printed before and after); (a) also gives the CPU time each render took, which the load
barely changes.

    .venv/bin/python bench/portal.py [--renders 300] [--requests 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from _stack import machine, percentile, servers

from fluxrate_common.runner import install_fast_event_loop
from fluxrate_invoicing.pdf import render_invoice_pdf, text
from tests.e2e.test_invoicing_walkthrough import TIERS
from tests.support.api import Org, signup
from tests.support.invoices import BRANDING, CUSTOMER, fifty_lines, invoice
from tests.support.processes import eventually
from tests.support.services import start_services

SERVICES = ["identity", "catalog", "subscriptions", "ingest", "aggregator", "invoicing"]
METERS = 5


def figures(name: str, samples: list[float]) -> str:
    return (f"{name}: p50 {percentile(samples, 0.5) * 1e3:.1f} ms, "
            f"p99 {percentile(samples, 0.99) * 1e3:.1f} ms, max {max(samples) * 1e3:.1f} ms "
            f"({len(samples)} samples)")


def render_times(renders: int) -> tuple[list[float], list[float]]:
    """(wall-clock, CPU) seconds of each render."""
    lines = fifty_lines()
    document = invoice(lines)
    render_invoice_pdf(document, lines, CUSTOMER, BRANDING)  # fonts parsed once per process
    wall, cpu = [], []
    for _ in range(renders):
        text._currency.cache_clear()
        text._decimal.cache_clear()
        started, started_cpu = time.perf_counter(), time.thread_time()
        render_invoice_pdf(document, lines, CUSTOMER, BRANDING)
        wall.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - started_cpu)
    return wall, cpu


def load() -> str:
    return "load average " + " ".join(f"{value:.1f}" for value in os.getloadavg())


async def fifty_charge_plan(org: Org) -> str:
    meters = [(await org.session.post("/api/v1/meters", {"name": f"meter_{n}", "aggregation": "SUM"})).body
              for n in range(METERS)]
    plan = (await org.session.post("/api/v1/plans", {
        "name": "Fifty", "type": "HYBRID", "interval": "month", "currency": "USD"})).body
    charges = [{"type": "FIXED", "unit_price": "99.00", "display_name": "Base fee"}]
    charges += [{"type": "USAGE", "meter_id": meters[n % METERS]["id"], "unit_price": "0.005",
                 "display_name": f"Storage region {n}"} for n in range(1, 25)]
    charges += [{"type": "USAGE", "meter_id": meters[n % METERS]["id"], "tier_mode": "graduated",
                 "tiers": TIERS, "display_name": f"API calls, model {n}"} for n in range(25, 50)]
    for charge in charges:
        reply = await org.session.post(f"/api/v1/plans/{plan['id']}/charges", charge)
        assert reply.status == 201, reply.body
    return plan["id"]


async def setup(url_for) -> tuple[Org, str, str]:
    """An org with a customer whose last period's invoice has 50 lines, finalized; returns the
    org, that invoice's id and a portal token for the customer."""
    org = await signup(url_for)
    await org.session.patch("/api/v1/branding", {"name": "Acme Analytics", "accent_color": "#0E7490"})
    plan_id = await fifty_charge_plan(org)
    customer = (await org.session.put("/api/v1/customers/external/zoe", CUSTOMER)).body
    first = (datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
             - timedelta(days=1)).replace(day=1)
    sub = await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "zoe", "plan_id": plan_id, "start_date": first.isoformat()})
    writer = org.session.with_key(await org.api_key("write"))
    await writer.post("/api/v1/usage/batch", {"events": [
        {"meter_name": f"meter_{n % METERS}", "customer_external_id": "zoe", "quantity": 2500,
         "idempotency_key": f"u{n}", "timestamp": (first + timedelta(days=n % 20)).isoformat()}
        for n in range(200)] + [
        {"meter_name": f"meter_{n}", "customer_external_id": "zoe", "quantity": 40,
         "idempotency_key": f"now{n}"} for n in range(METERS)]})

    async def counted() -> bool:
        reply = await org.session.get("/api/v1/usage", params={
            "customer_external_id": "zoe", "from": first.isoformat(),
            "to": (datetime.now(UTC) + timedelta(minutes=5)).isoformat()})
        return sum(int(u["events"]) for u in reply.body.get("data", [])) == 200 + METERS

    await eventually(counted, timeout=60)

    async def drafted() -> dict | None:
        listed = await org.session.get("/api/v1/invoices", params={"subscription_id": sub.body["id"]})
        return listed.body["data"][0] if listed.body["data"] else None

    draft = await eventually(drafted, timeout=60)
    final = await org.session.post(f"/api/v1/invoices/{draft['id']}/finalize")
    assert final.status == 200 and len(final.body["lines"]) == 50, final.body
    session = await org.session.post(f"/api/v1/customers/{customer['id']}/portal-sessions", {})
    return org, draft["id"], session.body["token"]


def server_time(reply: aiohttp.ClientResponse) -> float:
    """What the service says it took (`Server-Timing: app;dur=<ms>`), in seconds."""
    return float(reply.headers["Server-Timing"].split("dur=", 1)[1]) / 1000


async def timed_gets(url: str, headers: dict[str, str], requests: int) -> tuple[list[float], list[float]]:
    """Each request's (client, server) seconds; the first ones warm connections and caches."""
    client, server = [], []
    async with aiohttp.ClientSession(headers=headers) as http:
        for _ in range(requests + 20):
            started = time.perf_counter()
            async with http.get(url) as reply:
                await reply.read()
                assert reply.status == 200, reply.status
            client.append(time.perf_counter() - started)
            server.append(server_time(reply))
    return client[20:], server[20:]


def report(name: str, timed: tuple[list[float], list[float]]) -> None:
    client, server = timed
    print(figures(f"{name}, server time", server))
    print(figures("    the same, at the client", client))


async def main(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}; {load()}")
    wall, cpu = render_times(args.renders)
    print(figures("(a) PDF render, 50 lines", wall))
    print(figures("    the same renders, CPU time", cpu))
    with servers() as stack, tempfile.TemporaryDirectory() as logs:
        # The usage reaches back to the start of last month: past the default 35 days.
        environment = await stack.new_environment(FLUXRATE_LOG_LEVEL="WARNING",
                                                  FLUXRATE_INGEST_BACKFILL_DAYS="100")
        services = await start_services(environment, SERVICES, Path(logs))
        try:
            org, invoice_id, token = await setup(services.url_for)
            invoicing, subscriptions = services["invoicing"].url, services["subscriptions"].url
            cookie = {"Cookie": f"access_token={org.session.cookies['access_token']}"}
            report("(b) GET /api/v1/invoices/{id}/pdf, 50 lines", await timed_gets(
                f"{invoicing}/api/v1/invoices/{invoice_id}/pdf", cookie, args.requests // 5))
            bearer = {"Authorization": f"Bearer {token}"}
            report("(c) portal home: GET /api/v1/portal/summary", await timed_gets(
                f"{subscriptions}/api/v1/portal/summary", bearer, args.requests))
            report("(c) portal invoice: GET /api/v1/portal/invoices/{id}", await timed_gets(
                f"{invoicing}/api/v1/portal/invoices/{invoice_id}", bearer, args.requests))
            print(load())
        finally:
            services.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=300)
    parser.add_argument("--requests", type=int, default=500)
    install_fast_event_loop()
    asyncio.run(main(parser.parse_args()))
