"""The subscriptions service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web

from fluxrate_common.app import POOL, ServiceSpec, create_service_app, follow, start_background
from fluxrate_common.auth.install import install_auth
from fluxrate_common.auth.portal_install import install_portal_auth
from fluxrate_common.branding import apply_org_event
from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.events import (
    API_KEY_USAGE,
    API_KEYS,
    CUSTOMERS,
    FEATURES,
    INVOICES,
    METERS,
    ORGS,
    PLANS,
    PORTAL_SESSIONS,
    SESSIONS,
    SUBSCRIPTIONS,
)
from fluxrate_common.events import ENTITLEMENTS as ENTITLEMENT_TOPIC
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.listen import listen_forever
from fluxrate_subscriptions.customers import handlers as customers_api
from fluxrate_subscriptions.customers.handlers import CUSTOMERS as CUSTOMER_SERVICE
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.customers.service import CustomerService
from fluxrate_subscriptions.entitlements import handlers as entitlements_api
from fluxrate_subscriptions.entitlements.handlers import ENTITLEMENTS
from fluxrate_subscriptions.entitlements.limit_notices import LimitWatcher
from fluxrate_subscriptions.entitlements.service import EntitlementService
from fluxrate_subscriptions.portal import handlers as portal_api
from fluxrate_subscriptions.portal.handlers import (
    PORTAL_SESSION_SERVICE,
    PORTAL_SUMMARY,
    add_portal_page,
)
from fluxrate_subscriptions.portal.readmodels import apply_portal_invoice
from fluxrate_subscriptions.portal.service import PortalSessions
from fluxrate_subscriptions.portal.summary import PortalSummary
from fluxrate_subscriptions.settings import Settings
from fluxrate_subscriptions.shared.readmodels import Catalog, apply_feature_event, apply_plan_event
from fluxrate_subscriptions.subscriptions import handlers as subscriptions_api
from fluxrate_subscriptions.subscriptions import operator_handlers as operator_api
from fluxrate_subscriptions.subscriptions.handlers import SUBSCRIPTIONS as SUBS
from fluxrate_subscriptions.subscriptions.scheduler import run_scheduler
from fluxrate_subscriptions.subscriptions.service import SubscriptionService
from fluxrate_subscriptions.subscriptions.upcoming import pass_upcoming_invoice_to_invoicing


def _routes() -> ApiRoutes:
    """Each context's routes: customers, subscriptions, entitlements, operator, portal."""
    routes = ApiRoutes()
    for api in (customers_api, subscriptions_api, entitlements_api, operator_api, portal_api):
        routes.include(api.routes)
    return routes


CATALOG = web.AppKey("catalog", Catalog)
LIMITS = web.AppKey("limit_watcher", LimitWatcher)
SPEC = ServiceSpec(
    name="subscriptions",
    package="fluxrate_subscriptions",
    topics=(CUSTOMERS, SUBSCRIPTIONS, ENTITLEMENT_TOPIC, PORTAL_SESSIONS, PLANS, FEATURES, METERS,
            INVOICES, ORGS, API_KEYS, API_KEY_USAGE, SESSIONS),
    routes=_routes(),
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)
    portal = install_portal_auth(app, follow_events=False)  # it owns the sessions
    add_portal_page(app)
    encryptor = FieldEncryptor(settings.encryption_keys.get_secret_value())
    usage = UsageClient(settings.aggregator_url, settings.jwt_secret.get_secret_value(), SPEC.name)

    async def services(app: web.Application) -> AsyncIterator[None]:
        customers = CustomerRepository(encryptor)
        catalog = app[CATALOG] = Catalog(app[POOL], settings.read_model_wait_ms / 1000)
        app[CUSTOMER_SERVICE] = CustomerService(app[POOL], customers, settings.kafka_namespace)
        app[SUBS] = SubscriptionService(app[POOL], catalog, customers, settings.kafka_namespace)
        entitlements = app[ENTITLEMENTS] = EntitlementService(
            app[POOL], customers, usage, settings.entitlement_cache_ms / 1000)
        app[LIMITS] = LimitWatcher(app[POOL], usage, settings.kafka_namespace)
        app[PORTAL_SESSION_SERVICE] = PortalSessions(app[POOL], portal, settings.kafka_namespace)
        app[PORTAL_SUMMARY] = PortalSummary(app[POOL], customers, catalog, entitlements, usage)
        await usage.start()
        yield
        await usage.close()

    app.cleanup_ctx.append(services)
    pass_upcoming_invoice_to_invoicing(app, settings.invoicing_url)
    follow(app, name="plans", topics=(PLANS,), apply=apply_plan_event)
    follow(app, name="features", topics=(FEATURES,), apply=apply_feature_event)
    follow(app, name="invoices", topics=(INVOICES,),
           apply=lambda conn, event: _apply_invoice_event(app, conn, event))
    follow(app, name="orgs", topics=(ORGS,), apply=apply_org_event)
    start_background(app, "plan-listener", lambda: listen_forever(
        settings.database_url, SPEC.name, "plans", app[CATALOG].on_plan_notify))
    if settings.scheduler_enabled:
        start_background(app, "period-scheduler", lambda: run_scheduler(
            app[SUBS], settings.scheduler_poll_interval_ms / 1000, settings.scheduler_batch_size,
            settings.scheduler_max_periods_per_tick))
        start_background(app, "limit-watcher", lambda: app[LIMITS].run(
            settings.entitlement_notice_interval_ms / 1000))
    return app


async def _apply_invoice_event(app: web.Application, conn: Any, event: Any) -> None:
    await apply_portal_invoice(conn, event)
    await app[SUBS].apply_invoice_event(conn, event)
