"""Webhook endpoints through the async client: create (the secret once), a real delivery
verified with `fluxrate.webhooks.verify` and read as its typed model, the delivery log, a
replay with the same webhook-id, a test event, rotation, disabling and deletion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fluxrate import AsyncFluxrate, NotFoundError, webhooks
from fluxrate.models import CustomerCreatedWebhook, WebhookDelivery, WebhookEndpoint
from tests.support.processes import eventually
from tests.support.receiver import Receiver


async def test_webhook_endpoints_through_the_sdk(aclient: AsyncFluxrate) -> None:
    receiver = await Receiver().start()
    try:
        endpoint = await aclient.webhook_endpoints.create(url=receiver.url,
                                                          event_types=["customer.created"])
        assert endpoint.secret.startswith("whsec_")
        eid = str(endpoint.id)
        since = datetime.now(UTC) - timedelta(minutes=1)
        await aclient.customers.upsert("hooked", email="hooked@example.com")

        async def delivered(events: int, copies: int | None = None) -> bool:
            answered = [r for r in receiver.received if r.status == 200]
            return len(receiver.answered_ok()) == events and len(answered) >= (copies or events)

        await eventually(lambda: delivered(1), timeout=60)
        first = receiver.received[0]
        event = CustomerCreatedWebhook.model_validate(
            webhooks.verify(first.body, first.headers, secret=endpoint.secret))
        assert event.data.external_id == "hooked" and event.data.email == "hooked@example.com"

        log = [d async for d in aclient.webhook_endpoints.deliveries(eid)]
        assert [d.event_type for d in log] == ["customer.created"]
        assert isinstance(log[0], WebhookDelivery) and log[0].attempts[0].status_code == 200
        again = await aclient.webhook_endpoints.replay(eid, str(log[0].id))
        assert again.webhook_id == first.webhook_id
        await eventually(lambda: delivered(1, copies=2), timeout=60)
        assert receiver.received[1].webhook_id == first.webhook_id

        async def settled_twice() -> bool:  # the receiver answered; the log records it after
            one = await aclient.webhook_endpoints.delivery(eid, str(log[0].id))
            return one.status == "succeeded" and len(one.attempts) == 2

        await eventually(settled_twice, timeout=60)
        assert await aclient.webhook_endpoints.replay_range(eid, since=since, status="all") == 1

        rotated = await aclient.webhook_endpoints.rotate_secret(eid, overlap_seconds=0)
        test = await aclient.webhook_endpoints.send_test(eid)
        assert test.event_type == "webhook.test"
        await eventually(lambda: delivered(2), timeout=60)
        latest = [r for r in receiver.received if r.event["type"] == "webhook.test"][-1]
        webhooks.verify(latest.body, latest.headers, secret=rotated.secret)

        off = await aclient.webhook_endpoints.update(eid, enabled=False)
        assert isinstance(off, WebhookEndpoint) and off.enabled is False and off.disabled_reason
        assert [e.id async for e in aclient.webhook_endpoints.list()] == [endpoint.id]
        await aclient.webhook_endpoints.delete(eid)
        with pytest.raises(NotFoundError):
            await aclient.webhook_endpoints.retrieve(eid)
    finally:
        await receiver.stop()
