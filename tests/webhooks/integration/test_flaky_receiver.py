"""Proof: a receiver that fails half the time, sometimes answers only after the timeout, and is
down for a while still gets every event — at least once, each copy of one event with the same
`webhook-id` and the same signed body, so it can deduplicate."""

from __future__ import annotations

import asyncio
import random

import asyncpg

from tests.support import webhooks
from tests.support.api import signup
from tests.support.processes import eventually
from tests.support.receiver import Receiver
from tests.support.services import start_services
from tests.support.stack import ServerStack

EVENTS = 150


def flaky(seed: int):
    rng = random.Random(seed)

    async def behave(_: int, __: bytes) -> int:
        roll = rng.random()
        if roll < 0.5:
            return 500
        if roll < 0.6:  # handled, but the answer comes after the sender's 1 s timeout
            await asyncio.sleep(1.5)
        return 200

    return behave


async def test_a_flaky_receiver_that_goes_down_still_gets_every_event(stack: ServerStack,
                                                                     tmp_path) -> None:
    environment = await stack.new_environment(**webhooks.FAST)
    services = await start_services(environment, webhooks.SERVICES, tmp_path)
    receiver = await Receiver(flaky(5)).start()
    conn = await asyncpg.connect(environment.database_url)
    try:
        org = await signup(services.url_for)
        secret = (await webhooks.endpoint(org, receiver.url))["secret"]
        await webhooks.create_customers(org, EVENTS)

        async def a_third_answered() -> bool:
            return len(receiver.answered_ok()) >= EVENTS // 3

        await eventually(a_third_answered, timeout=120)
        await receiver.stop()  # down: every connection refused
        refused = await webhooks.attempt_errors(conn, "ClientConnectorError%")

        async def refused_for_a_while() -> bool:  # the platform kept trying meanwhile
            return await webhooks.attempt_errors(conn, "ClientConnectorError%") >= refused + 20

        await eventually(refused_for_a_while, timeout=120)
        await receiver.start()

        async def every_event_arrived() -> bool:
            return len(receiver.answered_ok()) == EVENTS

        await eventually(every_event_arrived, timeout=180, interval=0.2)
        copies = receiver.by_id()
        assert len(copies) == EVENTS
        for received in copies.values():
            assert len({r.body for r in received}) == 1  # one event, one body
            for r in received:
                assert r.verify(secret)["type"] == "customer.created"
        assert any(len(received) > 1 for received in copies.values())  # retries happened

        async def all_settled() -> dict[str, int] | None:
            found = await webhooks.statuses(conn)
            return found if found == {"succeeded": EVENTS} else None

        await eventually(all_settled, timeout=60)
        assert await webhooks.attempt_errors(conn, "timed out%") > 0
        assert await conn.fetchval("SELECT count(*) FROM webhooks.attempts WHERE status_code = 500") > 0
    finally:
        await conn.close()
        await receiver.stop()
        services.stop()
