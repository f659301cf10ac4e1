"""HTTP handlers for customers."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import NotFound, ValidationFailed
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_subscriptions.customers.schemas import (
    CustomerFields,
    CustomerIn,
    CustomerListQuery,
    CustomerOut,
)
from fluxrate_subscriptions.customers.service import CustomerService
from fluxrate_subscriptions.shared.handlers import now

CUSTOMERS = web.AppKey("customer_service", CustomerService)

routes = ApiRoutes()


def _fields(body: CustomerFields) -> dict[str, Any]:
    fields = body.model_dump(mode="json", exclude_unset=True, exclude={"external_id"})
    if "metadata" in fields and fields["metadata"] is None:
        fields["metadata"] = {}
    return fields


@routes.post("/api/v1/customers", service=CUSTOMERS, body=CustomerIn, response=CustomerOut, status=201,
             summary="Create a customer with your own external_id")
async def create_customer(request: web.Request, principal: Principal, service: CustomerService,
                          body: CustomerIn) -> web.Response:
    customer = await service.create(principal.org_id, body.external_id, _fields(body), now())
    return json_response(customer.public(contact_visible=principal.can_read), status=201)


@routes.get("/api/v1/customers", service=CUSTOMERS, query=CustomerListQuery, response=CustomerOut,
            list_response=True, summary="List customers, newest first (or one by external_id)")
async def list_customers(request: web.Request, principal: Principal, service: CustomerService,
                         query: CustomerListQuery) -> web.Response:
    result = await service.list(principal.org_id, query.limit, decode_time_id_cursor(query.cursor),
                                query.external_id)
    result["data"] = [c.public() for c in result["data"]]
    return json_response(result)


@routes.get("/api/v1/customers/{customer_id}", service=CUSTOMERS, response=CustomerOut,
            summary="One customer")
async def get_customer(request: web.Request, principal: Principal,
                       service: CustomerService) -> web.Response:
    customer_id = parse_uuid(request.match_info["customer_id"], "customer")
    return json_response((await service.get(principal.org_id, customer_id)).public())


@routes.patch("/api/v1/customers/{customer_id}", service=CUSTOMERS, body=CustomerFields,
              response=CustomerOut,
              summary="Change a customer's details (external_id stays)")
async def patch_customer(request: web.Request, principal: Principal, service: CustomerService,
                         body: CustomerFields) -> web.Response:
    customer_id = parse_uuid(request.match_info["customer_id"], "customer")
    customer = await service.update(principal.org_id, customer_id, _fields(body), now())
    return json_response(customer.public(contact_visible=principal.can_read))


def _external_id(request: web.Request) -> str:
    external_id = request.match_info["external_id"]
    if not 1 <= len(external_id) <= 255:
        raise ValidationFailed("invalid_field", "external_id: 1 to 255 characters",
                               field="external_id")
    return external_id


@routes.get("/api/v1/customers/external/{external_id}", service=CUSTOMERS, response=CustomerOut,
            summary="One customer by your own id")
async def get_customer_by_external_id(request: web.Request, principal: Principal,
                                      service: CustomerService) -> web.Response:
    found = await service.by_external_id(principal.org_id, _external_id(request))
    if found is None:
        raise NotFound("customer")
    return json_response(found.public())


@routes.put("/api/v1/customers/external/{external_id}", service=CUSTOMERS, body=CustomerFields,
            response=CustomerOut, also={201: "created: no customer had this id"},
            summary="Create or update a customer by your own id (SDK sync): 201 when created, "
                    "200 when updated")
async def upsert_customer(request: web.Request, principal: Principal, service: CustomerService,
                          body: CustomerFields) -> web.Response:
    external_id = _external_id(request)
    customer, created = await service.upsert(principal.org_id, external_id, _fields(body), now())
    return json_response(customer.public(contact_visible=principal.can_read),
                         status=201 if created else 200)
