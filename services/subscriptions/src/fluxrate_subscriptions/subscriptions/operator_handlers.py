"""Operator routes of subscriptions: the subscriptions the scheduler set aside, and their
release once what stopped them is fixed (the next pass advances them, or sets them aside
again with the new reason)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from aiohttp import web
from pydantic import BaseModel

from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_common.operator import require_operator
from fluxrate_subscriptions.subscriptions.handlers import SUBSCRIPTIONS
from fluxrate_subscriptions.subscriptions.service import SubscriptionService

routes = ApiRoutes()
QUARANTINED = "/api/v1/operator/subscriptions/quarantined"


class QuarantinedOut(BaseModel):
    id: UUID
    org_id: UUID
    customer_id: UUID
    status: str
    next_boundary_at: datetime | None
    quarantined_at: datetime
    quarantine_reason: str


@routes.get(QUARANTINED, auth="operator", service=SUBSCRIPTIONS, response=QuarantinedOut,
            list_response=True,
            summary="Operator (subscriptions): subscriptions the scheduler could not advance")
async def list_quarantined(request: web.Request, service: SubscriptionService) -> web.Response:
    require_operator(request)
    return json_response({"data": await service.quarantined(limit=500), "next_cursor": None})


@routes.post(QUARANTINED + "/{subscription_id}/release", auth="operator", service=SUBSCRIPTIONS,
             status=204,
             summary="Operator (subscriptions): let the scheduler try a quarantined subscription again")
async def release_quarantined(request: web.Request, service: SubscriptionService) -> web.Response:
    require_operator(request)
    await service.release(parse_uuid(request.match_info["subscription_id"], "subscription"))
    return web.Response(status=204)
