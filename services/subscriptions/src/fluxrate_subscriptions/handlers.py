"""The subscriptions service's routes: customers, subscriptions and entitlements."""

from __future__ import annotations

from fluxrate_common.http.routes import ApiRoutes
from fluxrate_subscriptions import customers_handlers, operator_handlers, subscriptions_handlers

routes = ApiRoutes()
routes.include(customers_handlers.routes)
routes.include(subscriptions_handlers.routes)
routes.include(operator_handlers.routes)
