"""The ingest service's aiohttp application."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

from aiohttp import web

from fluxrate_common.app import (
    POOL,
    PRODUCER,
    ServiceSpec,
    consume,
    create_service_app,
    follow,
    start_background,
)
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import API_KEY_USAGE, API_KEYS, CUSTOMERS, METERS, SESSIONS, USAGE, USAGE_RECEIPTS
from fluxrate_common.http.ratelimit import RATE_LIMITER, Quota, RateLimiter
from fluxrate_common.listen import listen_forever
from fluxrate_ingest.batcher import EdgeBatcher
from fluxrate_ingest.handlers import INGEST, MAX_BATCH, routes
from fluxrate_ingest.readmodels import (
    CustomerDirectory,
    MeterCatalog,
    apply_customer_event,
    apply_meter_event,
)
from fluxrate_ingest.redelivery import RECEIPTS_CONSUMER, ReceiptTaker, Redeliverer
from fluxrate_ingest.service import IngestService, window
from fluxrate_ingest.settings import Settings

SPEC = ServiceSpec(
    name="ingest",
    package="fluxrate_ingest",
    topics=(USAGE, USAGE_RECEIPTS, METERS, CUSTOMERS, API_KEYS, API_KEY_USAGE, SESSIONS),
    outbox=False,
    routes=routes,
    serving_needs_broker=True,  # a usage event is accepted only once the broker acknowledged it
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    app[RATE_LIMITER] = RateLimiter(Quota(settings.ingest_rate_limit_per_key,
                                          settings.ingest_rate_limit_per_org, "events"))
    install_auth(app)
    app[MAX_BATCH] = settings.ingest_max_batch_events

    async def service(app: web.Application) -> AsyncIterator[None]:
        meters, customers = MeterCatalog(app[POOL]), CustomerDirectory(app[POOL])
        await meters.load_all()
        batcher = EdgeBatcher(app[POOL], app[PRODUCER], USAGE.name(settings.kafka_namespace),
                              flushers=settings.ingest_flushers)
        app[INGEST] = IngestService(
            meters, customers, batcher,
            window(settings.ingest_backfill_days, settings.ingest_max_future_seconds),
            settings.read_model_wait_ms / 1000)
        yield

    app.cleanup_ctx.append(service)
    follow(app, name="meters", topics=(METERS,), apply=apply_meter_event)
    follow(app, name="customers", topics=(CUSTOMERS,), apply=apply_customer_event)
    start_background(app, "edge-batcher", lambda: app[INGEST].batcher.run())
    start_background(app, "meter-listener", lambda: listen_forever(
        settings.database_url, SPEC.name, "meters", app[INGEST].meters.on_notify,
        app[INGEST].meters.load_all))
    start_background(app, "customer-listener", lambda: listen_forever(
        settings.database_url, SPEC.name, "customers", app[INGEST].customers.on_notify))
    start_background(app, "edge-key-pruning", lambda: _prune_edge_keys(app, settings))
    start_background(app, "usage-redelivery", lambda: Redeliverer(
        app[POOL], app[PRODUCER], USAGE.name(settings.kafka_namespace),
        on_start=settings.ingest_redeliver_on_start,
        max_age=timedelta(seconds=settings.ingest_redeliver_after_seconds)).run())
    consume(app, name=RECEIPTS_CONSUMER, topics=(USAGE_RECEIPTS,),
            handler=lambda: ReceiptTaker(app[POOL]))
    return app


async def _prune_edge_keys(app: web.Application, settings: Settings) -> None:
    while True:
        await app[POOL].execute(
            "DELETE FROM edge_keys WHERE received_at < now() - make_interval(days => $1)",
            settings.ingest_edge_key_retention_days)
        await asyncio.sleep(3600)
