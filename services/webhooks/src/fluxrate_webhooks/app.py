"""The webhooks service's aiohttp application: the API, the consumer that turns public events
into deliveries, the dispatcher that sends them and the recorder that settles each attempt."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
from aiohttp import web

from fluxrate_common.app import POOL, ServiceSpec, consume, create_service_app, start_background
from fluxrate_common.auth.install import install_auth
from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.db.applier import InboxApplier
from fluxrate_common.events import (
    API_KEY_USAGE,
    API_KEYS,
    CUSTOMERS,
    ENTITLEMENTS,
    INVOICES,
    SESSIONS,
    SUBSCRIPTIONS,
)
from fluxrate_common.logging import get_logger
from fluxrate_webhooks import deliveries_repository, endpoints_repository
from fluxrate_webhooks.dispatcher import Dispatcher
from fluxrate_webhooks.domain.retries import RetryPolicy
from fluxrate_webhooks.fanout import Fanout, WakingApplier
from fluxrate_webhooks.handlers import routes
from fluxrate_webhooks.keys import WEBHOOKS
from fluxrate_webhooks.metrics import ENDPOINTS_DISABLED, OLDEST_PENDING, PENDING
from fluxrate_webhooks.recorder import Recorder
from fluxrate_webhooks.sender import Sender
from fluxrate_webhooks.service import WebhookService
from fluxrate_webhooks.settings import Settings

PUBLIC_TOPICS = (SUBSCRIPTIONS, INVOICES, CUSTOMERS, ENTITLEMENTS)
SPEC = ServiceSpec(
    name="webhooks",
    package="fluxrate_webhooks",
    topics=(*PUBLIC_TOPICS, API_KEYS, API_KEY_USAGE, SESSIONS),
    routes=routes,
    outbox=False,  # it publishes nothing: what it sends goes out over HTTP
)
log = get_logger("fluxrate.webhooks")
DISPATCHER = web.AppKey("webhook_dispatcher", Dispatcher)
RECORDER = web.AppKey("webhook_recorder", Recorder)


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(tuple(settings.webhooks_retry_schedule_seconds),
                       timedelta(seconds=settings.webhooks_retry_window_seconds),
                       settings.webhooks_retry_jitter)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)
    encryptor = FieldEncryptor(settings.encryption_keys.get_secret_value())
    fanout = Fanout(encryptor)
    sender = Sender(settings.webhooks_timeout_seconds, settings.webhooks_max_response_bytes,
                    settings.webhooks_allow_private_targets)

    async def services(app: web.Application) -> AsyncIterator[None]:
        recorder = app[RECORDER] = Recorder(app[POOL], retry_policy(settings))
        dispatcher = app[DISPATCHER] = Dispatcher(app[POOL], sender, encryptor, recorder, settings)
        app[WEBHOOKS] = WebhookService(app[POOL], encryptor, fanout, settings, dispatcher.wake)
        await sender.start()
        yield
        await sender.close()

    app.cleanup_ctx.append(services)
    consume(app, name="events", topics=PUBLIC_TOPICS, handler=lambda: WakingApplier(
        InboxApplier(app[POOL], service=SPEC.name, consumer="events",
                     apply_batch=fanout.apply_batch), app[DISPATCHER].wake))
    start_background(app, "webhook-recorder", lambda: app[RECORDER].run())
    start_background(app, "webhook-dispatcher", lambda: app[DISPATCHER].run())
    start_background(app, "webhook-housekeeping", lambda: housekeeping(app[POOL], settings))
    return app


async def housekeeping(pool: asyncpg.Pool, settings: Settings) -> None:
    """Endpoints failing for too long disabled, the backlog's gauges, and settled deliveries
    forgotten after the retention."""
    retention = timedelta(days=settings.webhooks_retention_days)
    disable_after = timedelta(seconds=settings.webhooks_disable_after_seconds)
    interval = min(15.0, settings.webhooks_poll_interval_ms / 1000 * 20)
    loop = asyncio.get_running_loop()
    next_prune = 0.0
    while True:
        now = datetime.now(UTC)
        disabled = await endpoints_repository.disable_failing(pool, now, disable_after)
        if disabled:
            ENDPOINTS_DISABLED.inc(len(disabled))
            log.warning("webhook_endpoints_disabled", endpoints=[str(e) for e in disabled])
        pending, oldest = await deliveries_repository.backlog(pool, now)
        PENDING.set(pending)
        OLDEST_PENDING.set(oldest)
        if loop.time() >= next_prune:
            await deliveries_repository.prune(pool, now - retention)
            next_prune = loop.time() + 3600
        await asyncio.sleep(interval)
