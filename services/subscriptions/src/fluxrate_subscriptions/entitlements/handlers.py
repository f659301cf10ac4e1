"""HTTP handlers for entitlements."""

from __future__ import annotations

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_subscriptions.entitlements.schemas import CheckQuery, EntitlementOut, EntitlementQuery
from fluxrate_subscriptions.entitlements.service import EntitlementService
from fluxrate_subscriptions.shared.handlers import now

ENTITLEMENTS = web.AppKey("entitlement_service", EntitlementService)

routes = ApiRoutes()


@routes.get("/api/v1/entitlements", service=ENTITLEMENTS, query=EntitlementQuery,
            response=EntitlementOut, list_response=True,
            summary="Every feature the customer's plan unlocks, with usage")
async def entitlements(request: web.Request, principal: Principal, service: EntitlementService,
                       query: EntitlementQuery) -> web.Response:
    customer_id, data = await service.of_customer(principal.org_id, query.customer_id,
                                                  query.customer_external_id, now())
    return json_response({"customer_id": customer_id, "data": data, "next_cursor": None})


@routes.get("/api/v1/entitlements/check", service=ENTITLEMENTS, query=CheckQuery,
            response=EntitlementOut,
            summary="One feature: allowed or not, with the limit and what remains")
async def check(request: web.Request, principal: Principal, service: EntitlementService,
                query: CheckQuery) -> web.Response:
    return json_response(await service.check_for_customer(
        principal.org_id, query.customer_id, query.customer_external_id, query.feature, now()))
