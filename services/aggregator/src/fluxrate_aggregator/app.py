"""The aggregator service's aiohttp application."""

from __future__ import annotations

from aiohttp import web

from fluxrate_aggregator import handlers
from fluxrate_aggregator.readmodels import (
    apply_customer_event,
    apply_meter_event,
    apply_subscription_event,
)
from fluxrate_aggregator.settings import Settings
from fluxrate_aggregator.writer import CONSUMER, UsageWriter
from fluxrate_common.app import POOL, SETTINGS, ServiceSpec, create_service_app, follow, start_background
from fluxrate_common.auth.install import install_auth
from fluxrate_common.events import API_KEY_USAGE, API_KEYS, CUSTOMERS, METERS, SUBSCRIPTIONS, USAGE
from fluxrate_common.kafka.consumer import ConsumerRunner

SPEC = ServiceSpec(
    name="aggregator",
    package="fluxrate_aggregator",
    topics=(USAGE, METERS, CUSTOMERS, SUBSCRIPTIONS, API_KEYS, API_KEY_USAGE),
    outbox=False,
    routes=handlers.routes,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)

    follow(app, name="meters", topics=(METERS,), apply=apply_meter_event)
    follow(app, name="customers", topics=(CUSTOMERS,), apply=apply_customer_event)
    follow(app, name="subscriptions", topics=(SUBSCRIPTIONS,), apply=apply_subscription_event)
    start_background(app, "usage-writer", lambda: _consume_usage(app))
    return app


async def _consume_usage(app: web.Application) -> None:
    settings: Settings = app[SETTINGS]
    runner = ConsumerRunner(settings, service=SPEC.name, name=CONSUMER,
                            topics=[USAGE.name(settings.kafka_namespace)],
                            handle_batch=UsageWriter(app[POOL], SPEC.name),
                            max_records=settings.aggregator_batch_records)
    await runner.run()
