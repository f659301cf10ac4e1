"""The subscriptions service's routes."""

from __future__ import annotations

from fluxrate_common.http.routes import ApiRoutes
from fluxrate_subscriptions import customers_handlers, subscriptions_handlers

routes = ApiRoutes()
customers_handlers.register(routes)
subscriptions_handlers.register(routes)
