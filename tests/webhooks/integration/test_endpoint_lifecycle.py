"""An endpoint's life: deliveries that give up, the endpoint disabled with the reason after
failing long enough, nothing new sent to it then; enabled again, the failed range replayed and
one delivery replayed (same webhook-id); a rotated secret signing alongside the old one for the
overlap; subscriptions filtering what is sent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg

from tests.support import webhooks
from tests.support.api import Org, signup
from tests.support.processes import eventually
from tests.support.receiver import Receiver
from tests.support.services import start_services
from tests.support.stack import ServerStack

FAILING = {**webhooks.FAST, "FLUXRATE_WEBHOOKS_RETRY_WINDOW_SECONDS": "0.5",
           "FLUXRATE_WEBHOOKS_DISABLE_AFTER_SECONDS": "1"}


async def deliveries(org: Org, endpoint_id: str, **params: str) -> list[dict]:
    reply = await org.session.get(f"/api/v1/webhook-endpoints/{endpoint_id}/deliveries",
                                  params={"limit": "500", **params})
    assert reply.status == 200, reply.body
    return reply.body["data"]


async def disabled_for_failing(org: Org, endpoint_id: str, receiver: Receiver) -> None:
    async def all_given_up_and_disabled() -> bool:
        endpoint = (await org.session.get(f"/api/v1/webhook-endpoints/{endpoint_id}")).body
        return len(await deliveries(org, endpoint_id, status="failed")) == 3 \
            and not endpoint["enabled"]

    await eventually(all_given_up_and_disabled, timeout=60)
    endpoint = (await org.session.get(f"/api/v1/webhook-endpoints/{endpoint_id}")).body
    assert "every delivery attempt failed since" in endpoint["disabled_reason"]
    assert "HTTP 500" in endpoint["disabled_reason"] and endpoint["failing_since"]
    for delivery in await deliveries(org, endpoint_id):
        attempts = delivery["attempts"]
        assert len(attempts) >= 2 and {a["status_code"] for a in attempts} == {500}
        assert attempts[0]["response_excerpt"] == "not now" and attempts[0]["latency_ms"] >= 0
    assert receiver.answered_ok() == set()


async def nothing_new_while_disabled(org: Org, endpoint_id: str, conn: asyncpg.Connection) -> None:
    seen = await conn.fetchval("SELECT count(*) FROM webhooks.inbox WHERE consumer = 'events'")
    await webhooks.create_customers(org, 1, "later")

    async def consumed() -> bool:
        return await conn.fetchval("SELECT count(*) FROM webhooks.inbox"
                                   " WHERE consumer = 'events'") > seen

    await eventually(consumed, timeout=60)
    assert len(await deliveries(org, endpoint_id)) == 3


async def enabled_again_and_replayed(org: Org, endpoint_id: str, receiver: Receiver,
                                     since: datetime) -> None:
    async def ok(_: int, __: bytes) -> int:
        return 200

    receiver.behave = ok
    reply = await org.session.patch(f"/api/v1/webhook-endpoints/{endpoint_id}", {"enabled": True})
    assert reply.status == 200 and reply.body["enabled"] and reply.body["disabled_reason"] is None
    reply = await org.session.post(f"/api/v1/webhook-endpoints/{endpoint_id}/replay",
                                   {"since": since.isoformat(), "status": "failed"})
    assert (reply.status, reply.body) == (202, {"replayed": 3})

    async def all_three() -> bool:
        return len(receiver.answered_ok()) == 3

    await eventually(all_three, timeout=60)

    async def succeeded() -> list[dict]:  # recorded once the receiver's answer is back
        return await deliveries(org, endpoint_id, status="succeeded")

    one = (await eventually(succeeded))[0]
    reply = await org.session.post(
        f"/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{one['id']}/replay")
    assert reply.status == 202 and reply.body["webhook_id"] == one["webhook_id"]

    async def sent_twice() -> bool:  # every attempt so far reached it, and now the replay
        return len(receiver.by_id()[one["webhook_id"]]) >= len(one["attempts"]) + 1

    await eventually(sent_twice, timeout=60)
    copies = receiver.by_id()[one["webhook_id"]]
    assert len({c.body for c in copies}) == 1


async def test_failing_disabled_enabled_and_replayed(stack: ServerStack, tmp_path) -> None:
    environment = await stack.new_environment(**FAILING)
    services = await start_services(environment, webhooks.SERVICES, tmp_path)

    async def refuse(_: int, __: bytes) -> int:
        return 500

    receiver = await Receiver(refuse).start()
    conn = await asyncpg.connect(environment.database_url)
    try:
        org = await signup(services.url_for)
        since = datetime.now(UTC) - timedelta(minutes=1)
        endpoint = await webhooks.endpoint(org, receiver.url, ("customer.created",))
        await webhooks.create_customers(org, 3)
        await disabled_for_failing(org, endpoint["id"], receiver)
        await nothing_new_while_disabled(org, endpoint["id"], conn)
        await enabled_again_and_replayed(org, endpoint["id"], receiver, since)
    finally:
        await conn.close()
        await receiver.stop()
        services.stop()


async def test_a_rotated_secret_and_the_old_one_both_sign_during_the_overlap(
        stack: ServerStack, tmp_path) -> None:
    environment = await stack.new_environment(**webhooks.FAST)
    services = await start_services(environment, ["identity", "webhooks"], tmp_path)
    receiver = await Receiver().start()
    try:
        org = await signup(services.url_for)
        endpoint = await webhooks.endpoint(org, receiver.url, ("invoice.paid",))
        path = f"/api/v1/webhook-endpoints/{endpoint['id']}"
        old = endpoint["secret"]
        rotated = await org.session.post(f"{path}/rotate-secret", {"overlap_seconds": 3600})
        assert rotated.status == 200 and rotated.body["secret"] != old
        assert rotated.body["previous_secret_expires_at"] is not None
        assert "secret" not in (await org.session.get(path)).body  # shown only when made

        async def test_event_received(count: int) -> bool:
            return len(receiver.answered_ok()) == count

        assert (await org.session.post(f"{path}/test")).status == 202
        await eventually(lambda: test_event_received(1), timeout=60)
        overlap = receiver.received[-1]
        assert len(overlap.headers["webhook-signature"].split(" ")) == 2
        assert overlap.verify(old)["type"] == overlap.verify(rotated.body["secret"])["type"]
        assert overlap.event["type"] == "webhook.test"

        now_only = await org.session.post(f"{path}/rotate-secret", {"overlap_seconds": 0})
        assert (await org.session.post(f"{path}/test")).status == 202
        await eventually(lambda: test_event_received(2), timeout=60)
        latest = receiver.received[-1]
        latest.verify(now_only.body["secret"])
        assert len(latest.headers["webhook-signature"].split(" ")) == 1
    finally:
        await receiver.stop()
        services.stop()
