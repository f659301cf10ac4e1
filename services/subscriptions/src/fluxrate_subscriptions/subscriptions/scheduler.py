"""The period-end scheduler: a loop that passes due boundaries. Any number of replicas may run
it; `FOR UPDATE SKIP LOCKED` gives each due subscription to exactly one of them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fluxrate_common.metrics import SCHEDULER_LAG, SUBSCRIPTIONS_QUARANTINED
from fluxrate_subscriptions.subscriptions.service import SubscriptionService


async def run_scheduler(service: SubscriptionService, poll_interval: float, batch_size: int,
                        max_periods: int, health_interval: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    next_health = 0.0
    while True:
        handled = await service.advance_due(datetime.now(UTC), batch_size, max_periods)
        if loop.time() >= next_health:
            lag, quarantined = await service.scheduler_health(datetime.now(UTC))
            SCHEDULER_LAG.set(lag)
            SUBSCRIPTIONS_QUARANTINED.set(quarantined)
            next_health = loop.time() + health_interval
        if handled < batch_size:  # caught up: wait; otherwise go straight on
            await asyncio.sleep(poll_interval)
