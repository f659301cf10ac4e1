"""`python -m tests.support.crashdemo relay|consumer`: one real worker process."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from uuid import UUID

import asyncpg

from fluxrate_common.db.applier import InboxApplier
from fluxrate_common.db.outbox import OutboxRelay
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import Envelope
from fluxrate_common.kafka.admin import ensure_topics_until_done
from fluxrate_common.kafka.consumer import ConsumerRunner
from fluxrate_common.kafka.producer import Producer
from fluxrate_common.logging import configure_logging
from fluxrate_common.settings import ServiceSettings, load_settings
from tests.support.crashdemo import CONSUMER, COUNTERS, SPEC


async def apply_tally(conn: asyncpg.Connection, event: Envelope) -> None:
    counter, version = UUID(event.data["aggregate_id"]), int(event.data["version"])
    last = await conn.fetchval(
        "SELECT last_version FROM tallies WHERE aggregate_id = $1 FOR UPDATE", counter) or 0
    if version != last + 1:
        await conn.execute("INSERT INTO order_violations VALUES ($1, $2, $3, $4)",
                           event.id, counter, last + 1, version)
    await conn.execute(
        "INSERT INTO tallies VALUES ($1, $2, 1) ON CONFLICT (aggregate_id) DO UPDATE"
        " SET last_version = excluded.last_version, applied = tallies.applied + 1",
        counter, version)
    await conn.execute("INSERT INTO applied_log VALUES ($1, $2, $3, $4)",
                       event.id, counter, version, os.getpid())


async def run_relay(settings: ServiceSettings) -> None:
    producer = Producer(settings, client_id="crashdemo-relay")
    await producer.start()
    await producer.wait_started(30)
    await OutboxRelay(database_url=settings.database_url, schema=SPEC.name, producer=producer,
                      batch_size=50, poll_interval=0.05, retention=timedelta(hours=1),
                      republish_on_start=False).run()


async def run_consumer(settings: ServiceSettings) -> None:
    await ensure_topics_until_done(settings, [COUNTERS])
    pool = await create_pool(settings.database_url, SPEC.name)
    applier = InboxApplier(pool, service=SPEC.name, consumer=CONSUMER, apply=apply_tally)
    await ConsumerRunner(settings, service=SPEC.name, name=CONSUMER,
                         topics=[COUNTERS.name(settings.kafka_namespace)],
                         handle_batch=applier, max_records=100).run()


def main() -> None:
    settings = load_settings(ServiceSettings)
    configure_logging(settings.log_level, "console")
    role = {"relay": run_relay, "consumer": run_consumer}[sys.argv[1]]
    asyncio.run(role(settings))


if __name__ == "__main__":
    main()
