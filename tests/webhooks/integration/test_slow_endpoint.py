"""Proof: an endpoint that hangs holds at most its own few slots; another endpoint of the same
org and one of another org get every event meanwhile."""

from __future__ import annotations

import asyncio

from tests.support import webhooks
from tests.support.api import signup
from tests.support.processes import eventually
from tests.support.receiver import Receiver
from tests.support.services import start_services
from tests.support.stack import ServerStack

EVENTS_A, EVENTS_B, SHARE = 40, 20, 4


async def test_a_hanging_endpoint_does_not_delay_the_others(stack: ServerStack, tmp_path) -> None:
    environment = await stack.new_environment(**{
        **webhooks.FAST, "FLUXRATE_WEBHOOKS_TIMEOUT_SECONDS": "120",
        "FLUXRATE_WEBHOOKS_ENDPOINT_CONCURRENCY": str(SHARE), "FLUXRATE_WEBHOOKS_CONCURRENCY": "16"})
    services = await start_services(environment, webhooks.SERVICES, tmp_path)
    release = asyncio.Event()

    async def hang(_: int, __: bytes) -> int:
        await release.wait()  # until the test lets go: slower than any timeout it could guess
        return 200

    slow, fast, other_org = Receiver(hang), Receiver(), Receiver()
    for receiver in (slow, fast, other_org):
        await receiver.start()
    try:
        org_a, org_b = await signup(services.url_for, "A"), await signup(services.url_for, "B")
        await webhooks.endpoint(org_a, slow.url)
        await webhooks.endpoint(org_a, fast.url)
        await webhooks.endpoint(org_b, other_org.url)
        await asyncio.gather(webhooks.create_customers(org_a, EVENTS_A, "a"),
                             webhooks.create_customers(org_b, EVENTS_B, "b"))

        async def the_others_have_everything() -> bool:
            return (len(fast.answered_ok()), len(other_org.answered_ok())) == (EVENTS_A, EVENTS_B)

        await eventually(the_others_have_everything, timeout=120)
        assert slow.answered_ok() == set()  # still hanging...
        assert 0 < len(slow.received) <= SHARE  # ...on no more than its share of the slots
        release.set()

        async def the_slow_one_catches_up() -> bool:
            return len(slow.answered_ok()) == EVENTS_A

        await eventually(the_slow_one_catches_up, timeout=120)
    finally:
        release.set()
        for receiver in (slow, fast, other_org):
            await receiver.stop()
        services.stop()
