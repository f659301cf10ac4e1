"""The catalog service's aiohttp application."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from fluxrate_catalog.features import handlers as features_api
from fluxrate_catalog.features.handlers import FEATURES
from fluxrate_catalog.features.service import FeatureService
from fluxrate_catalog.meters import handlers as meters_api
from fluxrate_catalog.meters.handlers import METERS
from fluxrate_catalog.meters.service import MeterService
from fluxrate_catalog.plans import handlers as plans_api
from fluxrate_catalog.plans.handlers import PLANS
from fluxrate_catalog.plans.service import PlanService
from fluxrate_catalog.settings import Settings
from fluxrate_common import events
from fluxrate_common.app import POOL, ServiceSpec, create_service_app
from fluxrate_common.auth.install import install_auth
from fluxrate_common.http.routes import ApiRoutes


def _routes() -> ApiRoutes:
    """Each context's routes: meters, features, plans and their charges."""
    routes = ApiRoutes()
    for api in (meters_api, features_api, plans_api):
        routes.include(api.routes)
    return routes


SPEC = ServiceSpec(
    name="catalog",
    package="fluxrate_catalog",
    topics=(events.METERS, events.FEATURES, events.PLANS, events.API_KEYS, events.API_KEY_USAGE,
            events.SESSIONS),
    routes=_routes(),
)


def build_app(settings: Settings) -> web.Application:
    app = create_service_app(SPEC, settings)

    async def service(app: web.Application) -> AsyncIterator[None]:
        namespace = settings.kafka_namespace
        app[METERS] = MeterService(app[POOL], namespace)
        app[FEATURES] = FeatureService(app[POOL], namespace, app[METERS])
        app[PLANS] = PlanService(app[POOL], namespace, app[METERS])
        yield

    app.cleanup_ctx.append(service)
    install_auth(app)
    return app
