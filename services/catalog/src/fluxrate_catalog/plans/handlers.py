"""HTTP handlers of the plans and charges API: parse, call the use case, serialise."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from fluxrate_catalog.plans.domain import Plan
from fluxrate_catalog.plans.schemas import (
    ChargeIn,
    ChargeOut,
    ChargePatch,
    ChargePreviewIn,
    ChargePreviewOut,
    PlanIn,
    PlanOut,
    PlanPatch,
    PlanQuery,
)
from fluxrate_catalog.plans.service import PlanService
from fluxrate_catalog.shared.handlers import now
from fluxrate_catalog.shared.schemas import ListQuery, changes_of
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_common.pricing import package_line, tier_lines

routes = ApiRoutes()
PLANS = web.AppKey("plans", PlanService)


def _shown(plan: Plan, include_inactive: bool = False) -> dict[str, Any]:
    body = plan.snapshot()
    if not include_inactive:
        body["charges"] = [c for c in body["charges"] if c["status"] == "ACTIVE"]
    return body


@routes.post("/api/v1/plans", service=PLANS, body=PlanIn, response=PlanOut, status=201,
             summary="Create a FIXED, USAGE or HYBRID plan")
async def create_plan(request: web.Request, principal: Principal, service: PlanService,
                      body: PlanIn) -> web.Response:
    plan = await service.create(principal.org_id, body.command(), now())
    return json_response(_shown(plan), status=201)


@routes.get("/api/v1/plans", service=PLANS, query=ListQuery, response=PlanOut, list_response=True,
            summary="List plans with their active charges, newest first")
async def list_plans(request: web.Request, principal: Principal, service: PlanService,
                     query: ListQuery) -> web.Response:
    result = await service.list(principal.org_id, query.listing())
    result["data"] = [_shown(p) for p in result["data"]]
    return json_response(result)


@routes.get("/api/v1/plans/{plan_id}", service=PLANS, query=PlanQuery, response=PlanOut,
            summary="One plan with its active charges (?include_inactive=true for all)")
async def get_plan(request: web.Request, principal: Principal, service: PlanService,
                   query: PlanQuery) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    plan = await service.get(principal.org_id, plan_id)
    return json_response(_shown(plan, query.include_inactive))


@routes.patch("/api/v1/plans/{plan_id}", service=PLANS, body=PlanPatch, response=PlanOut,
              summary="Change a plan's name, description, type, features or status")
async def patch_plan(request: web.Request, principal: Principal, service: PlanService,
                     body: PlanPatch) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    plan = await service.update(principal.org_id, plan_id, changes_of(body), now())
    return json_response(_shown(plan))


@routes.post("/api/v1/plans/{plan_id}/charges", service=PLANS, body=ChargeIn, response=ChargeOut,
             status=201,
             summary="Add a FIXED or USAGE charge (per unit, tiered: graduated or volume, or by package)")
async def add_charge(request: web.Request, principal: Principal, service: PlanService,
                     body: ChargeIn) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    charge = await service.add_charge(principal.org_id, plan_id, body.command(), now())
    return json_response(charge.snapshot(), status=201)


@routes.post("/api/v1/plans/{plan_id}/charges/preview", service=PLANS, body=ChargePreviewIn,
             response=ChargePreviewOut, read_only=True,
             summary="Price a quantity with a drafted charge, exactly as invoices would (nothing saved)")
async def preview_charge(request: web.Request, principal: Principal, service: PlanService,
                         body: ChargePreviewIn) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    currency, rating = await service.preview_charge(principal.org_id, plan_id, body.command())
    out = ChargePreviewOut(currency=currency, quantity=rating.quantity,
                           unit_price=rating.unit_price, amount=rating.amount,
                           tiers=tier_lines(rating), packages=package_line(rating))
    # `packages` is left out unless the charge is priced by package.
    return json_response(out.model_dump(mode="json", by_alias=True,
                                        exclude={"packages"} if out.packages is None else None))


@routes.patch("/api/v1/plans/{plan_id}/charges/{charge_id}", service=PLANS, body=ChargePatch,
              response=ChargeOut,
              summary="Deactivate a charge (permanent: ACTIVE -> INACTIVE only) or rename it")
async def patch_charge(request: web.Request, principal: Principal, service: PlanService,
                       body: ChargePatch) -> web.Response:
    plan_id = parse_uuid(request.match_info["plan_id"], "plan")
    charge_id = parse_uuid(request.match_info["charge_id"], "charge")
    charge = await service.update_charge(principal.org_id, plan_id, charge_id, changes_of(body),
                                         now())
    return json_response(charge.snapshot())
