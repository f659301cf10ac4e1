"""HTTP handlers for entitlements."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_subscriptions.entitlements.schemas import CheckQuery, EntitlementOut, EntitlementQuery
from fluxrate_subscriptions.entitlements.service import EntitlementService

ENTITLEMENTS = web.AppKey("entitlement_service", EntitlementService)

routes = ApiRoutes()


def _now() -> datetime:
    return datetime.now(UTC)


@routes.get("/api/v1/entitlements", query=EntitlementQuery, response=EntitlementOut,
            list_response=True, summary="Every feature the customer's plan unlocks, with usage")
async def entitlements(request: web.Request, principal: Principal,
                       query: EntitlementQuery) -> web.Response:
    service = request.app[ENTITLEMENTS]
    customer_id = await service.customer(principal.org_id, query.customer_id,
                                         query.customer_external_id)
    data = await service.list(principal.org_id, customer_id, _now())
    return json_response({"customer_id": customer_id, "data": data, "next_cursor": None})


@routes.get("/api/v1/entitlements/check", query=CheckQuery, response=EntitlementOut,
            summary="One feature: allowed or not, with the limit and what remains")
async def check(request: web.Request, principal: Principal, query: CheckQuery) -> web.Response:
    service = request.app[ENTITLEMENTS]
    customer_id = await service.customer(principal.org_id, query.customer_id,
                                         query.customer_external_id)
    return json_response(await service.check(principal.org_id, customer_id, query.feature, _now()))
