"""HTTP handlers of the features API: parse, call the use case, serialise."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from fluxrate_catalog.features.domain import Feature
from fluxrate_catalog.features.schemas import FeatureIn, FeatureOut, FeaturePatch
from fluxrate_catalog.features.service import FeatureService
from fluxrate_catalog.shared.handlers import now
from fluxrate_catalog.shared.schemas import ListQuery, changes_of
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid

routes = ApiRoutes()
FEATURES = web.AppKey("features", FeatureService)


async def _shown(service: FeatureService, principal: Principal,
                 features: list[Feature]) -> list[dict[str, Any]]:
    return await service.with_meters(principal.org_id, features)


@routes.post("/api/v1/features", service=FEATURES, body=FeatureIn, response=FeatureOut, status=201,
             summary="Create a METER (with an existing meter_id, or a new meter), SWITCH or "
                     "CUSTOM feature")
async def create_feature(request: web.Request, principal: Principal, service: FeatureService,
                         body: FeatureIn) -> web.Response:
    feature = await service.create(principal.org_id, body.command(), now())
    return json_response((await _shown(service, principal, [feature]))[0], status=201)


@routes.get("/api/v1/features", service=FEATURES, query=ListQuery, response=FeatureOut,
            list_response=True,
            summary="List features, newest first")
async def list_features(request: web.Request, principal: Principal, service: FeatureService,
                        query: ListQuery) -> web.Response:
    result = await service.list(principal.org_id, query.listing())
    result["data"] = await _shown(service, principal, result["data"])
    return json_response(result)


@routes.get("/api/v1/features/{feature_id}", service=FEATURES, response=FeatureOut,
            summary="One feature")
async def get_feature(request: web.Request, principal: Principal,
                      service: FeatureService) -> web.Response:
    feature_id = parse_uuid(request.match_info["feature_id"], "feature")
    feature = await service.get(principal.org_id, feature_id)
    return json_response((await _shown(service, principal, [feature]))[0])


@routes.patch("/api/v1/features/{feature_id}", service=FEATURES, body=FeaturePatch, response=FeatureOut,
              summary="Change a feature's name, limit, reset period, value or status")
async def patch_feature(request: web.Request, principal: Principal, service: FeatureService,
                        body: FeaturePatch) -> web.Response:
    feature_id = parse_uuid(request.match_info["feature_id"], "feature")
    feature = await service.update(principal.org_id, feature_id, changes_of(body), now())
    return json_response((await _shown(service, principal, [feature]))[0])
