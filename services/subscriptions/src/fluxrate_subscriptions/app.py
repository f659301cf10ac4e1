"""The subscriptions service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from fluxrate_common.app import POOL, ServiceSpec, create_service_app
from fluxrate_common.auth.install import install_auth
from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.events import (
    API_KEY_USAGE,
    API_KEYS,
    CUSTOMERS,
    FEATURES,
    INVOICES,
    METERS,
    PLANS,
    SUBSCRIPTIONS,
)
from fluxrate_subscriptions.customers_handlers import CUSTOMERS as CUSTOMER_SERVICE
from fluxrate_subscriptions.customers_repository import CustomerRepository
from fluxrate_subscriptions.customers_service import CustomerService
from fluxrate_subscriptions.handlers import routes
from fluxrate_subscriptions.settings import Settings

SPEC = ServiceSpec(
    name="subscriptions",
    package="fluxrate_subscriptions",
    topics=(CUSTOMERS, SUBSCRIPTIONS, PLANS, FEATURES, METERS, INVOICES, API_KEYS, API_KEY_USAGE),
    routes=routes,
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)
    encryptor = FieldEncryptor(settings.encryption_keys.get_secret_value())

    async def services(app: web.Application) -> AsyncIterator[None]:
        app[CUSTOMER_SERVICE] = CustomerService(app[POOL], CustomerRepository(encryptor),
                                                settings.kafka_namespace)
        yield

    app.cleanup_ctx.append(services)
    return app
