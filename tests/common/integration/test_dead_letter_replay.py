"""An operator replays a dead letter once its cause is fixed: applied exactly once, marked
replayed; before the fix the replay fails and the letter stays open."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from uuid import UUID

import aiohttp
import asyncpg
from aiohttp import web

from fluxrate_common.app import migrate_schema
from fluxrate_common.db.applier import InboxApplier
from fluxrate_common.db.pool import create_pool
from fluxrate_common.events import Envelope
from fluxrate_common.http.middleware import make_middlewares
from fluxrate_common.kafka.admin import ensure_topics
from fluxrate_common.kafka.consumer import ConsumerRunner
from fluxrate_common.kafka.producer import Producer
from fluxrate_common.operator import OPERATOR_POOL, OPERATOR_TOKEN, REPLAYERS, operator_routes
from fluxrate_platform.devstack import free_port
from tests.support.crashdemo import COUNTER_INCREMENTED, COUNTERS, SPEC
from tests.support.processes import eventually
from tests.support.stack import ServerStack

ORG = UUID("00000000-0000-7000-8000-000000000003")
TOKEN = "operator-test-token"


async def _operator_api(pool: asyncpg.Pool, applier: InboxApplier) -> tuple[web.AppRunner, str]:
    app = web.Application(middlewares=make_middlewares("crashdemo"))
    app[OPERATOR_TOKEN], app[OPERATOR_POOL], app[REPLAYERS] = TOKEN, lambda: pool, {"fixable": applier}
    app.add_routes(operator_routes("crashdemo").table)
    runner, port = web.AppRunner(app), free_port()
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, f"http://127.0.0.1:{port}/api/v1/operator/crashdemo/dead-letters"


async def test_a_dead_letter_replayed_after_the_fix_is_applied_once(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    settings = environment.settings()
    await migrate_schema(settings, SPEC)
    await ensure_topics(settings, [COUNTERS])
    pool = await create_pool(settings.database_url, SPEC.name)
    fixed = asyncio.Event()

    async def apply(conn: asyncpg.Connection, event: Envelope) -> None:
        if event.data.get("needs_fix") and not fixed.is_set():
            raise ValueError("cannot be applied until the fix ships")
        await conn.execute("INSERT INTO applied_log VALUES ($1, $1, 1, 0)", event.id)

    applier = InboxApplier(pool, service="test", consumer="fixable", apply=apply)
    event = COUNTER_INCREMENTED.make(ORG, datetime.now(UTC), {"needs_fix": True})
    producer = Producer(settings, "test")
    await producer.start()
    await producer.wait_started(10)
    await producer.send_all([(COUNTERS.name(environment.namespace), b"k", event.to_bytes())])
    runner = ConsumerRunner(settings, service="test", name="fixable",
                            topics=[COUNTERS.name(environment.namespace)], handle_batch=applier)
    consuming = asyncio.create_task(runner.run())
    site, url = await _operator_api(pool, applier)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    try:
        async def parked() -> list:
            return await pool.fetch("SELECT id FROM dead_letters WHERE resolved_at IS NULL")

        ((letter_id,),) = await eventually(parked)
        async with aiohttp.ClientSession(headers=headers) as http:
            async with http.post(f"{url}/{letter_id}/replay") as reply:
                assert reply.status == 422  # not fixed yet: still open, nothing applied
            assert await pool.fetchval("SELECT count(*) FROM applied_log") == 0
            fixed.set()
            async with http.post(f"{url}/{letter_id}/replay") as reply:
                body = await reply.json()
                assert reply.status == 200 and body["resolution"] == "replayed", body
            async with http.post(f"{url}/{letter_id}/replay") as reply:
                assert reply.status == 409  # once replayed, it is not open any more
            async with http.get(url, params={"state": "resolved"}) as reply:
                assert [d["id"] for d in (await reply.json())["data"]] == [letter_id]
        assert await pool.fetchval("SELECT count(*) FROM applied_log") == 1
    finally:
        consuming.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await consuming
        await site.cleanup()
        await producer.stop()
        await pool.close()
