"""The invoicing service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from fluxrate_common import events
from fluxrate_common.app import POOL, ServiceSpec, create_service_app, follow, start_background
from fluxrate_common.auth.install import install_auth
from fluxrate_common.auth.portal_install import install_portal_auth
from fluxrate_common.clients.usage import UsageClient
from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_invoicing import handlers, portal_handlers
from fluxrate_invoicing.consumer import SubscriptionEvents
from fluxrate_invoicing.documents import InvoiceDocuments
from fluxrate_invoicing.handlers import DOCUMENTS, INVOICES, READS
from fluxrate_invoicing.logos import run_logo_fetcher
from fluxrate_invoicing.mailer import Mailer
from fluxrate_invoicing.readmodels import apply_org_event, apply_plan_event
from fluxrate_invoicing.reads import InvoiceReads
from fluxrate_invoicing.service import InvoiceService
from fluxrate_invoicing.settings import Settings
from fluxrate_invoicing.worker import run_worker

routes = ApiRoutes()
routes.include(handlers.routes)
routes.include(portal_handlers.routes)
SPEC = ServiceSpec(
    name="invoicing",
    package="fluxrate_invoicing",
    topics=(events.INVOICES, events.SUBSCRIPTIONS, events.PLANS, events.ORGS,
            events.PORTAL_SESSIONS, events.API_KEYS, events.API_KEY_USAGE, events.SESSIONS),
    routes=routes,
)
SUBSCRIPTION_EVENTS = web.AppKey("subscription_events", SubscriptionEvents)
MAILER = web.AppKey("mailer", Mailer)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)
    install_auth(app)
    install_portal_auth(app, follow_events=True)
    usage = UsageClient(settings.aggregator_url, settings.jwt_secret.get_secret_value(), SPEC.name)
    encryptor = FieldEncryptor(settings.encryption_keys.get_secret_value())

    async def services(app: web.Application) -> AsyncIterator[None]:
        reads = app[READS] = InvoiceReads(app[POOL], encryptor)
        invoices = app[INVOICES] = InvoiceService(app[POOL], usage, reads, settings)
        app[SUBSCRIPTION_EVENTS] = SubscriptionEvents(invoices)
        documents = app[DOCUMENTS] = InvoiceDocuments(app[POOL], reads)
        app[MAILER] = Mailer(app[POOL], invoices, documents, settings)
        await usage.start()
        yield
        await usage.close()

    app.cleanup_ctx.append(services)
    roles = settings.invoicing_roles
    if "consumer" in roles:
        follow(app, name="subscriptions", topics=(events.SUBSCRIPTIONS,),
               apply_batch=lambda conn, events: app[SUBSCRIPTION_EVENTS].apply_batch(conn, events))
        follow(app, name="plans", topics=(events.PLANS,), apply=apply_plan_event)
        follow(app, name="orgs", topics=(events.ORGS,), apply=apply_org_event)
    if "worker" in roles:
        start_background(app, "invoice-worker", lambda: run_worker(
            app[INVOICES], settings.invoice_worker_interval_ms / 1000,
            settings.invoice_worker_batch_size))
        start_background(app, "logo-fetcher", lambda: run_logo_fetcher(
            app[POOL], settings.invoice_worker_interval_ms / 1000,
            settings.logos_allow_private_targets))
    if "mailer" in roles:
        start_background(app, "mailer", lambda: app[MAILER].run())
    return app
