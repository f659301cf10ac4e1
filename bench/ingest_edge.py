"""Ingest's per-event work in process, stage by stage: what a batch of usage costs in Python
before any I/O (no PostgreSQL, no broker, no HTTP).

    .venv/bin/python bench/ingest_edge.py [--flushes 20] [--events-per-flush 1000]

Batches of 100 events shaped like bench/ingest.py's go through the handlers' own steps: the
body parsed, the events validated, each resolved and built into a record (fingerprint and
key), the flush encoded into usage messages, and the answer written. Prints µs per event for
each stage: the best of three runs, since only other load on the machine makes a stage slower.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import orjson
from _stack import machine

from fluxrate_common.events import fast_id
from fluxrate_common.http.json import json_response
from fluxrate_common.http.validation import loads_exact, parse_model
from fluxrate_ingest.batcher import UsageEncoder
from fluxrate_ingest.domain.usage import MeterView
from fluxrate_ingest.handlers import _parse_events, _result
from fluxrate_ingest.readmodels import CustomerDirectory, MeterCatalog
from fluxrate_ingest.schemas import BatchIn
from fluxrate_ingest.service import IngestService, _outcome, window

ORG = uuid4()
CUSTOMERS = 1000
PARTITIONS = 12


def service() -> IngestService:
    """The real service over read models whose caches hold every meter and customer (the
    steady state: nothing is fetched)."""
    meters, customers = MeterCatalog(None), CustomerDirectory(None)
    meters._put(MeterView(uuid4(), ORG, "calls", uuid4(), "SUM", "quantity", (), True))
    for n in range(CUSTOMERS):
        customers._put(ORG, uuid4(), f"c{n}")
    return IngestService(meters, customers, None, window(35, 300), 0.0)


def bodies(events: int) -> list[bytes]:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    return [orjson.dumps({"events": [
        {"meter_name": "calls", "customer_external_id": f"c{n % CUSTOMERS}", "quantity": 1 + n % 7,
         "idempotency_key": f"k-{n}", "timestamp": stamp} for n in range(start, start + 100)]})
        for start in range(0, events, 100)]


def run(flushes: list[list[bytes]], ingest: IngestService) -> dict[str, float]:
    spent: dict[str, float] = {}

    def timed(stage: str, work: Callable[[], object]) -> object:
        started = time.perf_counter()
        result = work()
        spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - started
        return result

    encoder, limits = UsageEncoder(), window(35, 300)
    for flush in flushes:
        records = []
        for body in flush:
            data = timed("parse the body", lambda b=body: parse_model(BatchIn, loads_exact(b)))
            items = timed("validate the events", lambda d=data: _parse_events(d.events))
            accepted = limits.at(datetime.now(UTC))
            built = timed("build the records", lambda i=items, a=accepted: [
                ingest._build(ORG, item, a) for item in i])
            records += built
            timed("write the answer", lambda b=built: json_response({"results": [
                _result(n, _outcome(r, "accepted")) for n, r in enumerate(b)]}))
        timed("encode the flush", lambda r=records: encoder.encode(r, PARTITIONS))
    return spent


def main(args: argparse.Namespace) -> None:
    ingest = service()
    every = bodies(args.flushes * args.events_per_flush)
    per_flush = args.events_per_flush // 100
    flushes = [every[n:n + per_flush] for n in range(0, len(every), per_flush)]
    events = len(every) * 100
    fast_id()  # uuid_utils' first call sets itself up
    runs = [run(flushes, ingest) for _ in range(3)]
    print(f"machine: {machine()}; {events:,} events in flushes of {args.events_per_flush:,}")
    best = {stage: min(r[stage] for r in runs) / events * 1e6 for stage in runs[0]}
    for stage, us in best.items():
        print(f"  {stage}: {us:.2f} µs per event")
    print(f"  all: {sum(best.values()):.2f} µs per event")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--flushes", type=int, default=20)
    parser.add_argument("--events-per-flush", type=int, default=1000)
    main(parser.parse_args())
