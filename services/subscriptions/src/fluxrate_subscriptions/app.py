"""The subscriptions service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

from aiohttp import web

from fluxrate_common import events
from fluxrate_common.app import POOL, ServiceSpec, create_service_app, follow, start_background
from fluxrate_common.auth.install import install_auth
from fluxrate_common.auth.portal import PortalVerifier
from fluxrate_common.auth.portal_install import install_portal_auth
from fluxrate_common.branding import apply_org_event
from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.listen import listen_forever
from fluxrate_subscriptions.customers import handlers as customers_api
from fluxrate_subscriptions.customers.handlers import CUSTOMERS
from fluxrate_subscriptions.customers.repository import CustomerRepository
from fluxrate_subscriptions.customers.service import CustomerService
from fluxrate_subscriptions.entitlements import handlers as entitlements_api
from fluxrate_subscriptions.entitlements.handlers import ENTITLEMENTS
from fluxrate_subscriptions.entitlements.limit_notices import LimitWatcher
from fluxrate_subscriptions.entitlements.service import EntitlementService
from fluxrate_subscriptions.portal import handlers as portal_api
from fluxrate_subscriptions.portal.handlers import PORTAL_SESSIONS, PORTAL_SUMMARY, add_portal_page
from fluxrate_subscriptions.portal.readmodels import apply_portal_invoice
from fluxrate_subscriptions.portal.service import PortalSessions
from fluxrate_subscriptions.portal.summary import PortalSummary
from fluxrate_subscriptions.settings import Settings
from fluxrate_subscriptions.shared.readmodels import Catalog, apply_feature_event, apply_plan_event
from fluxrate_subscriptions.subscriptions import handlers as subscriptions_api
from fluxrate_subscriptions.subscriptions import operator_handlers as operator_api
from fluxrate_subscriptions.subscriptions.handlers import SUBSCRIPTIONS
from fluxrate_subscriptions.subscriptions.recorder import SubscriptionRecorder
from fluxrate_subscriptions.subscriptions.scheduler import PeriodScheduler, run_scheduler
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
SCHEDULER = web.AppKey("period_scheduler", PeriodScheduler)
SPEC = ServiceSpec(
    name="subscriptions",
    package="fluxrate_subscriptions",
    topics=(events.CUSTOMERS, events.SUBSCRIPTIONS, events.ENTITLEMENTS, events.PORTAL_SESSIONS,
            events.PLANS, events.FEATURES, events.METERS, events.INVOICES, events.ORGS,
            events.API_KEYS, events.API_KEY_USAGE, events.SESSIONS),
    routes=_routes(),
)


def _services(settings: Settings, portal: PortalVerifier,
              usage: UsageClient) -> Callable[[web.Application], AsyncIterator[None]]:
    """Each context's use cases, on the app's pool, for as long as the app runs."""
    encryptor = FieldEncryptor(settings.encryption_keys.get_secret_value())
    namespace = settings.kafka_namespace

    async def services(app: web.Application) -> AsyncIterator[None]:
        pool, customers = app[POOL], CustomerRepository(encryptor)
        catalog = app[CATALOG] = Catalog(pool, settings.read_model_wait_ms / 1000)
        recorder = SubscriptionRecorder(catalog, customers, namespace)
        app[CUSTOMERS] = CustomerService(pool, customers, namespace)
        app[SUBSCRIPTIONS] = SubscriptionService(pool, catalog, customers, recorder)
        app[SCHEDULER] = PeriodScheduler(pool, recorder)
        entitlements = app[ENTITLEMENTS] = EntitlementService(
            pool, customers, usage, settings.entitlement_cache_ms / 1000)
        app[LIMITS] = LimitWatcher(pool, usage, namespace)
        app[PORTAL_SESSIONS] = PortalSessions(pool, portal, customers, namespace)
        app[PORTAL_SUMMARY] = PortalSummary(pool, customers, catalog, entitlements, usage)
        await usage.start()
        yield
        await usage.close()

    return services


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)
    portal = install_portal_auth(app, follow_events=False)  # it owns the sessions
    add_portal_page(app)
    usage = UsageClient(settings.aggregator_url, settings.jwt_secret.get_secret_value(), SPEC.name)
    app.cleanup_ctx.append(_services(settings, portal, usage))
    pass_upcoming_invoice_to_invoicing(app, settings.invoicing_url)
    follow(app, name="plans", topics=(events.PLANS,), apply=apply_plan_event)
    follow(app, name="features", topics=(events.FEATURES,), apply=apply_feature_event)
    follow(app, name="invoices", topics=(events.INVOICES,),
           apply=lambda conn, event: _apply_invoice_event(app, conn, event))
    follow(app, name="orgs", topics=(events.ORGS,), apply=apply_org_event)
    start_background(app, "plan-listener", lambda: listen_forever(
        settings.database_url, SPEC.name, "plans", app[CATALOG].on_plan_notify))
    if settings.scheduler_enabled:
        start_background(app, "period-scheduler", lambda: run_scheduler(
            app[SCHEDULER], settings.scheduler_poll_interval_ms / 1000,
            settings.scheduler_batch_size, settings.scheduler_max_periods_per_tick))
        start_background(app, "limit-watcher", lambda: app[LIMITS].run(
            settings.entitlement_notice_interval_ms / 1000))
    return app


async def _apply_invoice_event(app: web.Application, conn: Any, event: Any) -> None:
    await apply_portal_invoice(conn, event)
    await app[SUBSCRIPTIONS].apply_invoice_event(conn, event)
