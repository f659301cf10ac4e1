"""HTTP handlers of the catalog: parse, call the service, serialise."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from fluxrate_catalog.domain.features import Feature
from fluxrate_catalog.domain.plans import Plan
from fluxrate_catalog.schemas import (
    ChargeIn,
    ChargeOut,
    ChargePatch,
    ChargePreviewIn,
    ChargePreviewOut,
    FeatureIn,
    FeatureOut,
    FeaturePatch,
    ListQuery,
    MeterIn,
    MeterOut,
    MeterPatch,
    PlanIn,
    PlanOut,
    PlanPatch,
    PlanQuery,
    changes_of,
)
from fluxrate_catalog.service import CatalogService
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_common.pricing import package_line, tier_lines

routes = ApiRoutes()
SERVICE = web.AppKey("catalog_service", CatalogService)


def _now() -> datetime:
    return datetime.now(UTC)


def _list(result: dict[str, Any]) -> web.Response:
    result["data"] = [item.snapshot() for item in result["data"]]
    return json_response(result)


def _plan(plan: Plan, include_inactive: bool = False) -> dict[str, Any]:
    body = plan.snapshot()
    if not include_inactive:
        body["charges"] = [c for c in body["charges"] if c["status"] == "ACTIVE"]
    return body


# -- meters --------------------------------------------------------------------------------

@routes.post("/api/v1/meters", body=MeterIn, response=MeterOut, status=201,
             summary="Create a meter; events address it by meter_name or meter_token")
async def create_meter(request: web.Request, principal: Principal, body: MeterIn) -> web.Response:
    meter = await request.app[SERVICE].create_meter(principal.org_id, body.command(), _now())
    return json_response(meter.snapshot(), status=201)


@routes.get("/api/v1/meters", query=ListQuery, response=MeterOut, list_response=True,
            summary="List meters, newest first")
async def list_meters(request: web.Request, principal: Principal, query: ListQuery) -> web.Response:
    return _list(await request.app[SERVICE].meters(principal.org_id, query.listing()))


@routes.get("/api/v1/meters/{meter_id}", response=MeterOut, summary="One meter")
async def get_meter(request: web.Request, principal: Principal) -> web.Response:
    meter_id = parse_uuid(request.match_info["meter_id"], "meter")
    return json_response((await request.app[SERVICE].meter(principal.org_id, meter_id)).snapshot())


@routes.patch("/api/v1/meters/{meter_id}", body=MeterPatch, response=MeterOut,
              summary="Rename, describe or (de)activate a meter; how it counts cannot change")
async def patch_meter(request: web.Request, principal: Principal, body: MeterPatch) -> web.Response:
    meter_id = parse_uuid(request.match_info["meter_id"], "meter")
    meter = await request.app[SERVICE].update_meter(principal.org_id, meter_id, changes_of(body), _now())
    return json_response(meter.snapshot())


# -- features ------------------------------------------------------------------------------

async def _features(request: web.Request, principal: Principal,
                    features: list[Feature]) -> list[dict[str, Any]]:
    return await request.app[SERVICE].with_meters(principal.org_id, features)


@routes.post("/api/v1/features", body=FeatureIn, response=FeatureOut, status=201,
             summary="Create a METER (with an existing meter_id, or a new meter), SWITCH or "
                     "CUSTOM feature")
async def create_feature(request: web.Request, principal: Principal, body: FeatureIn) -> web.Response:
    feature = await request.app[SERVICE].create_feature(principal.org_id, body.command(), _now())
    return json_response((await _features(request, principal, [feature]))[0], status=201)


@routes.get("/api/v1/features", query=ListQuery, response=FeatureOut, list_response=True,
            summary="List features, newest first")
async def list_features(request: web.Request, principal: Principal, query: ListQuery) -> web.Response:
    result = await request.app[SERVICE].features(principal.org_id, query.listing())
    result["data"] = await _features(request, principal, result["data"])
    return json_response(result)


@routes.get("/api/v1/features/{feature_id}", response=FeatureOut, summary="One feature")
async def get_feature(request: web.Request, principal: Principal) -> web.Response:
    feature_id = parse_uuid(request.match_info["feature_id"], "feature")
    feature = await request.app[SERVICE].feature(principal.org_id, feature_id)
    return json_response((await _features(request, principal, [feature]))[0])


@routes.patch("/api/v1/features/{feature_id}", body=FeaturePatch, response=FeatureOut,
              summary="Change a feature's name, limit, reset period, value or status")
async def patch_feature(request: web.Request, principal: Principal,
                        body: FeaturePatch) -> web.Response:
    feature_id = parse_uuid(request.match_info["feature_id"], "feature")
    feature = await request.app[SERVICE].update_feature(principal.org_id, feature_id,
                                                        changes_of(body), _now())
    return json_response((await _features(request, principal, [feature]))[0])


# -- plans and charges ---------------------------------------------------------------------

@routes.post("/api/v1/plans", body=PlanIn, response=PlanOut, status=201,
             summary="Create a FIXED, USAGE or HYBRID plan")
async def create_plan(request: web.Request, principal: Principal, body: PlanIn) -> web.Response:
    plan = await request.app[SERVICE].create_plan(principal.org_id, body.command(), _now())
    return json_response(_plan(plan), status=201)


@routes.get("/api/v1/plans", query=ListQuery, response=PlanOut, list_response=True,
            summary="List plans with their active charges, newest first")
async def list_plans(request: web.Request, principal: Principal, query: ListQuery) -> web.Response:
    result = await request.app[SERVICE].plans(principal.org_id, query.listing())
    result["data"] = [_plan(p) for p in result["data"]]
    return json_response(result)


@routes.get("/api/v1/plans/{plan_id}", query=PlanQuery, response=PlanOut,
            summary="One plan with its active charges (?include_inactive=true for all)")
async def get_plan(request: web.Request, principal: Principal, query: PlanQuery) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    plan = await request.app[SERVICE].plan(principal.org_id, plan_id)
    return json_response(_plan(plan, query.include_inactive))


@routes.patch("/api/v1/plans/{plan_id}", body=PlanPatch, response=PlanOut,
              summary="Change a plan's name, description, type, features or status")
async def patch_plan(request: web.Request, principal: Principal, body: PlanPatch) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    plan = await request.app[SERVICE].update_plan(principal.org_id, plan_id, changes_of(body), _now())
    return json_response(_plan(plan))


@routes.post("/api/v1/plans/{plan_id}/charges", body=ChargeIn, response=ChargeOut, status=201,
             summary="Add a FIXED or USAGE charge (per unit, tiered: graduated or volume, or by package)")
async def add_charge(request: web.Request, principal: Principal, body: ChargeIn) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    charge = await request.app[SERVICE].add_charge(principal.org_id, plan_id, body.command(),
                                                    _now())
    return json_response(charge.snapshot(), status=201)


@routes.post("/api/v1/plans/{plan_id}/charges/preview", body=ChargePreviewIn,
             response=ChargePreviewOut, read_only=True,
             summary="Price a quantity with a drafted charge, exactly as invoices would (nothing saved)")
async def preview_charge(request: web.Request, principal: Principal,
                         body: ChargePreviewIn) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    currency, rating = await request.app[SERVICE].preview_charge(principal.org_id, plan_id,
                                                                      body.command())
    out = ChargePreviewOut(currency=currency, quantity=rating.quantity,
                           unit_price=rating.unit_price, amount=rating.amount,
                           tiers=tier_lines(rating), packages=package_line(rating))
    # `packages` is left out unless the charge is priced by package.
    return json_response(out.model_dump(mode="json", by_alias=True,
                                        exclude={"packages"} if out.packages is None else None))


@routes.patch("/api/v1/plans/{plan_id}/charges/{charge_id}", body=ChargePatch, response=ChargeOut,
              summary="Deactivate a charge (permanent: ACTIVE -> INACTIVE only) or rename it")
async def patch_charge(request: web.Request, principal: Principal, body: ChargePatch) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    charge_id = parse_uuid(request.match_info["charge_id"], "charge")
    charge = await request.app[SERVICE].update_charge(principal.org_id, plan_id, charge_id,
                                                      changes_of(body), _now())
    return json_response(charge.snapshot())
