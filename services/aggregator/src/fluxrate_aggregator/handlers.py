"""HTTP handlers of the usage API: period totals exactly as an invoice bills them, and the log."""

from __future__ import annotations

from aiohttp import web

from fluxrate_aggregator.schemas import (
    EventsQuery,
    UsageEventOut,
    UsageOut,
    UsageQuery,
    UsageQuestionsIn,
)
from fluxrate_aggregator.service import UsageAsked, UsageService
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes

routes = ApiRoutes()
USAGE = web.AppKey("usage_service", UsageService)


@routes.get("/api/v1/usage", service=USAGE, query=UsageQuery, response=UsageOut,
            summary="Usage per meter over [from, to) — exactly what an invoice for it bills; "
                    "with no customer or subscription, the whole organisation's")
async def get_usage(request: web.Request, principal: Principal, service: UsageService,
                    query: UsageQuery) -> web.Response:
    asked = UsageAsked(query.subscription_id, query.customer_id, query.customer_external_id,
                       query.meter_id, query.start, query.end, query.window)
    return json_response(await service.usage(principal.org_id, asked, principal.is_service))


@routes.get("/api/v1/usage/events", service=USAGE, query=EventsQuery, response=UsageEventOut,
            list_response=True, summary="The usage log: events as received, newest first")
async def usage_events(request: web.Request, principal: Principal, service: UsageService,
                       query: EventsQuery) -> web.Response:
    asked = UsageAsked(None, query.customer_id, query.customer_external_id, query.meter_id,
                       query.start, query.end)
    return json_response(await service.events(principal.org_id, asked, query.limit, query.cursor))


@routes.post("/api/v1/usage-queries", service=USAGE, body=UsageQuestionsIn, read_only=True,
             summary="Many period questions at once (read-only): usage per meter for each")
async def usage_queries(request: web.Request, principal: Principal, service: UsageService,
                        body: UsageQuestionsIn) -> web.Response:
    questions = [(q.customer_id, q.start, q.end) for q in body.queries]
    return json_response({"results": await service.usage_many(principal.org_id, questions)})
