"""HTTP handlers of the meters API: parse, call the use case, serialise."""

from __future__ import annotations

from aiohttp import web

from fluxrate_catalog.meters.schemas import MeterIn, MeterOut, MeterPatch
from fluxrate_catalog.meters.service import MeterService
from fluxrate_catalog.shared.handlers import now, snapshots
from fluxrate_catalog.shared.schemas import ListQuery, changes_of
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid

routes = ApiRoutes()
METERS = web.AppKey("meters", MeterService)


@routes.post("/api/v1/meters", service=METERS, body=MeterIn, response=MeterOut, status=201,
             summary="Create a meter; events address it by meter_name or meter_token")
async def create_meter(request: web.Request, principal: Principal, service: MeterService,
                       body: MeterIn) -> web.Response:
    meter = await service.create(principal.org_id, body.command(), now())
    return json_response(meter.snapshot(), status=201)


@routes.get("/api/v1/meters", service=METERS, query=ListQuery, response=MeterOut, list_response=True,
            summary="List meters, newest first")
async def list_meters(request: web.Request, principal: Principal, service: MeterService,
                      query: ListQuery) -> web.Response:
    return snapshots(await service.list(principal.org_id, query.listing()))


@routes.get("/api/v1/meters/{meter_id}", service=METERS, response=MeterOut, summary="One meter")
async def get_meter(request: web.Request, principal: Principal, service: MeterService) -> web.Response:
    meter_id = parse_uuid(request.match_info["meter_id"], "meter")
    return json_response((await service.get(principal.org_id, meter_id)).snapshot())


@routes.patch("/api/v1/meters/{meter_id}", service=METERS, body=MeterPatch, response=MeterOut,
              summary="Rename, describe or (de)activate a meter; how it counts cannot change")
async def patch_meter(request: web.Request, principal: Principal, service: MeterService,
                      body: MeterPatch) -> web.Response:
    meter_id = parse_uuid(request.match_info["meter_id"], "meter")
    meter = await service.update(principal.org_id, meter_id, changes_of(body), now())
    return json_response(meter.snapshot())
