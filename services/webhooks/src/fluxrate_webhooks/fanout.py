"""The consumer: each public event becomes a message (its body sealed) and a delivery to every
enabled endpoint of its org subscribed to its type, in the transaction that records the event
in the inbox. Internal events are passed over."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson

from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.db.applier import InboxApplier
from fluxrate_common.events import Envelope, new_id
from fluxrate_common.http.json import dumps
from fluxrate_common.kafka.consumer import Record
from fluxrate_webhooks import deliveries_repository as deliveries
from fluxrate_webhooks import endpoints_repository as endpoints
from fluxrate_webhooks.catalogue import subscribes
from fluxrate_webhooks.domain.payloads import CLOCK_GRACE_SECONDS, Webhook, webhook_for

GRACE = timedelta(seconds=CLOCK_GRACE_SECONDS)


class Fanout:
    def __init__(self, encryptor: FieldEncryptor) -> None:
        self._encryptor = encryptor

    def unseal(self, token: str) -> dict[str, Any]:
        return orjson.loads(self._encryptor.decrypt(token.encode()))

    def seal(self, webhook: Webhook) -> bytes:
        return self._encryptor.encrypt(dumps(webhook.body).decode())

    async def apply_batch(self, conn: asyncpg.Connection, events: list[Envelope]) -> None:
        hooks = [hook for event in events if (hook := webhook_for(event, self.unseal))]
        if not hooks:
            return
        receiving = defaultdict(list)
        for row in await endpoints.receiving(conn, list({h.org_id for h in hooks})):
            receiving[row["org_id"]].append(row)
        messages, targets = [], []
        for hook in hooks:
            to = [e["id"] for e in receiving[hook.org_id]
                  if subscribes(e["event_types"], hook.type.name)
                  and e["created_at"] <= hook.occurred_at + GRACE]
            if to:
                messages.append((hook.id, hook.org_id, hook.type.name, self.seal(hook),
                                 hook.occurred_at))
                targets += [(new_id(), hook.org_id, e, hook.id, hook.type.name) for e in to]
        now = datetime.now(UTC)
        await deliveries.insert_messages(conn, messages, now)
        await deliveries.insert_deliveries(conn, targets, now)


class WakingApplier:
    """The inbox applier, then a nudge to the dispatcher once the batch has committed."""

    def __init__(self, inner: InboxApplier, wake: Callable[[], None]) -> None:
        self._inner = inner
        self._wake = wake

    async def __call__(self, records: list[Record]) -> None:
        await self._inner(records)
        self._wake()

    async def replay(self, record: Record) -> None:
        await self._inner.replay(record)
        self._wake()
