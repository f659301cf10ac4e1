"""HTTP handlers of invoicing: read invoices, move them through their lifecycle, preview."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_invoicing.documents import InvoiceDocuments
from fluxrate_invoicing.reads import InvoiceReads
from fluxrate_invoicing.schemas import InvoiceListQuery, InvoiceOut, PayIn, UpcomingOut, UpcomingQuery
from fluxrate_invoicing.service import InvoiceService

routes = ApiRoutes()
INVOICES = web.AppKey("invoice_service", InvoiceService)
READS = web.AppKey("invoice_reads", InvoiceReads)
DOCUMENTS = web.AppKey("invoice_documents", InvoiceDocuments)


def _now() -> datetime:
    return datetime.now(UTC)


def _id(request: web.Request) -> Any:
    return parse_uuid(request.match_info["invoice_id"], "invoice")


def pdf_response(name: str, body: bytes) -> web.Response:
    return web.Response(body=body, content_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})


# A write-only key is not shown the customer's details (principal.can_read).

@routes.get("/api/v1/invoices", service=READS, query=InvoiceListQuery, response=InvoiceOut,
            list_response=True,
            summary="List invoices by customer, subscription, status and period, newest first")
async def list_invoices(request: web.Request, principal: Principal, service: InvoiceReads,
                        query: InvoiceListQuery) -> web.Response:
    filters = query.model_dump(exclude={"limit", "cursor"})
    return json_response(await service.list(principal.org_id, filters, query.limit,
                                            decode_time_id_cursor(query.cursor), principal.can_read))


@routes.get("/api/v1/invoices/{invoice_id}", service=READS, response=InvoiceOut,
            summary="One invoice with its lines")
async def get_invoice(request: web.Request, principal: Principal, service: InvoiceReads) -> web.Response:
    return json_response(await service.get(principal.org_id, _id(request), principal.can_read))


@routes.get("/api/v1/invoices/{invoice_id}/pdf", service=DOCUMENTS, media_type="application/pdf",
            summary="The invoice as a PDF (DRAFT and VOID ones watermarked)")
async def invoice_pdf(request: web.Request, principal: Principal,
                      service: InvoiceDocuments) -> web.Response:
    return pdf_response(*await service.pdf_of(principal.org_id, _id(request)))


@routes.post("/api/v1/invoices/{invoice_id}/finalize", service=INVOICES, response=InvoiceOut,
             summary="End the review window now: recompute, number, date and email it (OPEN)")
async def finalize(request: web.Request, principal: Principal, service: InvoiceService) -> web.Response:
    row = await service.finalize(principal.org_id, _id(request), _now())
    return json_response(await service.shown(row, principal.can_read))


@routes.post("/api/v1/invoices/{invoice_id}/pay", service=INVOICES, body=PayIn, response=InvoiceOut,
             summary="Record the payment of an OPEN invoice (its total, with a reference)")
async def pay(request: web.Request, principal: Principal, service: InvoiceService,
              body: PayIn) -> web.Response:
    row = await service.pay(principal.org_id, _id(request), body.amount, body.reference, _now())
    return json_response(await service.shown(row, principal.can_read))


@routes.post("/api/v1/invoices/{invoice_id}/void", service=INVOICES, response=InvoiceOut,
             summary="Void a DRAFT or OPEN invoice, permanently")
async def void(request: web.Request, principal: Principal, service: InvoiceService) -> web.Response:
    row = await service.void(principal.org_id, _id(request), _now())
    return json_response(await service.shown(row, principal.can_read))


@routes.post("/api/v1/invoices/{invoice_id}/mark-uncollectible", service=INVOICES,
             response=InvoiceOut, summary="Write an OPEN invoice off as bad debt")
async def mark_uncollectible(request: web.Request, principal: Principal,
                             service: InvoiceService) -> web.Response:
    row = await service.mark_uncollectible(principal.org_id, _id(request), _now())
    return json_response(await service.shown(row, principal.can_read))


@routes.post("/api/v1/invoices/{invoice_id}/retry", service=INVOICES, response=InvoiceOut,
             summary="Price a FAILED invoice again: a DRAFT with a new review window, or 422 why not")
async def retry(request: web.Request, principal: Principal, service: InvoiceService) -> web.Response:
    row = await service.retry(principal.org_id, _id(request), _now())
    return json_response(await service.shown(row, principal.can_read))


@routes.get("/api/v1/subscriptions/{subscription_id}/upcoming-invoice", service=INVOICES,
            query=UpcomingQuery, response=UpcomingOut,
            summary="What the current period would bill so far (same pricing as invoices)")
async def upcoming(request: web.Request, principal: Principal, service: InvoiceService,
                   query: UpcomingQuery) -> web.Response:
    sub_id = parse_uuid(request.match_info["subscription_id"], "subscription")
    return json_response(await service.upcoming(principal.org_id, sub_id, _now(), query.ending_now))
