"""Proof: the webhooks service SIGKILLed 5 times while it fans events out and delivers them —
every event reaches the receiver, each one delivery (the consumer's inbox), every copy of it
with the same `webhook-id` and body; nothing is left pending or failed."""

from __future__ import annotations

import asyncio
import random

import asyncpg
import pytest

from tests.support import webhooks
from tests.support.api import signup
from tests.support.processes import eventually, wait_until_ready
from tests.support.receiver import Receiver
from tests.support.services import Services, start_services
from tests.support.stack import ServerStack

EVENTS = 600
KILLS = 5
# Each kill waits for this many more events answered than at the last kill: more than the
# process could have had in flight, so the new incarnation has really delivered.
PROGRESS = 30


async def slowish(_: int, __: bytes) -> int:
    await asyncio.sleep(0.02)  # requests are in flight when a kill lands
    return 200


async def kill_webhooks(services: Services, receiver: Receiver,
                        conn: asyncpg.Connection) -> list[int]:
    """Kill the service each time it has made fresh progress, restart it at once; returns the
    deliveries still pending (or not yet made) at each kill."""
    rng, left, before = random.Random(3), [], len(receiver.answered_ok())
    webhooks_service = services["webhooks"]
    for _ in range(KILLS):
        async def progressing(before: int = before) -> bool:
            return len(receiver.answered_ok()) >= before + PROGRESS

        await eventually(progressing, timeout=120, interval=0.02)
        await asyncio.sleep(rng.uniform(0.0, 0.1))
        webhooks_service.process.kill()
        before = len(receiver.answered_ok())
        settled = await conn.fetchval("SELECT count(*) FROM webhooks.deliveries"
                                      " WHERE status = 'succeeded'")
        left.append(EVENTS - settled)
        webhooks_service.process.start()
    await wait_until_ready(f"{webhooks_service.url}/readyz", webhooks_service.process)
    return left


@pytest.mark.slow
async def test_nothing_is_lost_when_the_service_is_killed_mid_delivery(stack: ServerStack,
                                                                       tmp_path) -> None:
    environment = await stack.new_environment(
        **webhooks.FAST, FLUXRATE_WEBHOOKS_ENDPOINT_CONCURRENCY="4")
    services = await start_services(environment, webhooks.SERVICES, tmp_path)
    receiver = await Receiver(slowish).start()
    conn = await asyncpg.connect(environment.database_url)
    try:
        org = await signup(services.url_for)
        secret = (await webhooks.endpoint(org, receiver.url))["secret"]
        making = asyncio.create_task(webhooks.create_customers(org, EVENTS))
        left = await kill_webhooks(services, receiver, conn)
        await making
        assert len(left) == KILLS and all(n > 0 for n in left), left  # each kill hit work

        async def every_event_arrived() -> bool:
            return len(receiver.answered_ok()) == EVENTS

        await eventually(every_event_arrived, timeout=180, interval=0.2)
        for received in receiver.by_id().values():
            assert len({r.body for r in received}) == 1
            received[0].verify(secret)

        async def all_settled() -> dict[str, int] | None:
            found = await webhooks.statuses(conn)
            return found if found == {"succeeded": EVENTS} else None

        await eventually(all_settled, timeout=60)  # one delivery per event: none twice, none lost
        assert await conn.fetchval("SELECT count(*) FROM webhooks.messages") == EVENTS
        assert services["webhooks"].process.kills == KILLS
    finally:
        await conn.close()
        await receiver.stop()
        services.stop()
