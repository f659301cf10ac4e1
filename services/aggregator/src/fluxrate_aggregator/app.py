"""The aggregator service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from fluxrate_aggregator import handlers
from fluxrate_aggregator.partitions import RetentionKeeper
from fluxrate_aggregator.readmodels import (
    apply_customer_event,
    apply_meter_event,
    apply_subscription_event,
)
from fluxrate_aggregator.service import UsageService
from fluxrate_aggregator.settings import Settings
from fluxrate_aggregator.writer import CONSUMER, UsageWriter
from fluxrate_common.app import POOL, ServiceSpec, consume, create_service_app, follow, start_background
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import (
    API_KEY_USAGE,
    API_KEYS,
    CUSTOMERS,
    METERS,
    SESSIONS,
    SUBSCRIPTIONS,
    USAGE,
    USAGE_RECEIPTS,
)

SPEC = ServiceSpec(
    name="aggregator",
    package="fluxrate_aggregator",
    topics=(USAGE, USAGE_RECEIPTS, METERS, CUSTOMERS, SUBSCRIPTIONS, API_KEYS, API_KEY_USAGE, SESSIONS),
    routes=handlers.routes,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)

    async def service(app: web.Application) -> AsyncIterator[None]:
        app[handlers.USAGE] = UsageService(app[POOL], settings.event_retention_days)
        yield

    app.cleanup_ctx.append(service)

    follow(app, name="meters", topics=(METERS,), apply=apply_meter_event)
    follow(app, name="customers", topics=(CUSTOMERS,), apply=apply_customer_event)
    follow(app, name="subscriptions", topics=(SUBSCRIPTIONS,), apply=apply_subscription_event)
    consume(app, name=CONSUMER, topics=(USAGE,), max_records=settings.aggregator_batch_records,
            handler=lambda: UsageWriter(app[POOL], SPEC.name,
                                        USAGE_RECEIPTS.name(settings.kafka_namespace),
                                        retention_days=settings.event_retention_days))
    start_background(app, "usage-retention", lambda: RetentionKeeper(
        app[POOL], retention_days=settings.event_retention_days,
        ahead_days=settings.aggregator_partitions_ahead_days).run())
    return app
