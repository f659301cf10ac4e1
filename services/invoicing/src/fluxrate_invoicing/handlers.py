"""HTTP handlers of invoicing: read invoices, move them through their lifecycle, preview."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import asyncpg
from aiohttp import web

from fluxrate_common.app import POOL
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import NotFound
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_time_id_cursor, page
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.documents import InvoiceDocuments, filename
from fluxrate_invoicing.schemas import InvoiceListQuery, InvoiceOut, PayIn, UpcomingOut, UpcomingQuery
from fluxrate_invoicing.service import InvoiceService

routes = ApiRoutes()
SERVICE = web.AppKey("invoice_service", InvoiceService)
DOCUMENTS = web.AppKey("invoice_documents", InvoiceDocuments)
_HIDDEN = frozenset({"org_id", "plan", "customer", "version", "overdue_reported_at", "updated_at",
                     "customer_external_id"})


def _now() -> datetime:
    return datetime.now(UTC)


def _id(request: web.Request) -> Any:
    return parse_uuid(request.match_info["invoice_id"], "invoice")


async def invoice_view(request: web.Request, rows: list[asyncpg.Record], *,
                       with_customer: bool) -> list[dict[str, Any]]:
    service = request.app[SERVICE]
    lines = await repo.lines(request.app[POOL], [row["id"] for row in rows])
    return [{**{k: v for k, v in dict(row).items() if k not in _HIDDEN},
             "customer": service.billing_details(row["customer"]) if with_customer else None,
             "redacted": not with_customer, "lines": lines[row["id"]]}
            for row in rows]


async def _view(request: web.Request, principal: Principal,
                rows: list[asyncpg.Record]) -> list[dict[str, Any]]:
    """Invoices as answered; a write-only key is not shown the customer's details."""
    return await invoice_view(request, rows, with_customer=principal.can_read)


@routes.get("/api/v1/invoices", query=InvoiceListQuery, response=InvoiceOut, list_response=True,
            summary="List invoices by customer, subscription, status and period, newest first")
async def list_invoices(request: web.Request, principal: Principal,
                        query: InvoiceListQuery) -> web.Response:
    filters = query.model_dump(exclude={"limit", "cursor"})
    rows = await repo.page(request.app[POOL], principal.org_id, filters, query.limit,
                           decode_time_id_cursor(query.cursor))
    result = page(rows, query.limit, key=lambda row: (row["created_at"], row["id"]))
    result["data"] = await _view(request, principal, result["data"])
    return json_response(result)


@routes.get("/api/v1/invoices/{invoice_id}", response=InvoiceOut, summary="One invoice with its lines")
async def get_invoice(request: web.Request, principal: Principal) -> web.Response:
    row = await repo.get(request.app[POOL], principal.org_id, _id(request))
    if row is None:
        raise NotFound("invoice")
    return json_response((await _view(request, principal, [row]))[0])


def pdf_response(invoice: asyncpg.Record, body: bytes) -> web.Response:
    return web.Response(body=body, content_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename(invoice)}"',
        "Cache-Control": "private, no-store"})


@routes.get("/api/v1/invoices/{invoice_id}/pdf", media_type="application/pdf",
            summary="The invoice as a PDF (DRAFT and VOID ones watermarked)")
async def invoice_pdf(request: web.Request, principal: Principal) -> web.Response:
    row = await repo.get(request.app[POOL], principal.org_id, _id(request))
    if row is None:
        raise NotFound("invoice")
    return pdf_response(row, await request.app[DOCUMENTS].pdf(row))


@routes.post("/api/v1/invoices/{invoice_id}/finalize", response=InvoiceOut,
             summary="End the review window now: recompute, number, date and email it (OPEN)")
async def finalize(request: web.Request, principal: Principal) -> web.Response:
    row = await request.app[SERVICE].finalize(principal.org_id, _id(request), _now())
    return json_response((await _view(request, principal, [row]))[0])


@routes.post("/api/v1/invoices/{invoice_id}/pay", body=PayIn, response=InvoiceOut,
             summary="Record the payment of an OPEN invoice (its total, with a reference)")
async def pay(request: web.Request, principal: Principal, body: PayIn) -> web.Response:
    row = await request.app[SERVICE].pay(principal.org_id, _id(request), body.amount,
                                         body.reference, _now())
    return json_response((await _view(request, principal, [row]))[0])


@routes.post("/api/v1/invoices/{invoice_id}/void", response=InvoiceOut,
             summary="Void a DRAFT or OPEN invoice, permanently")
async def void(request: web.Request, principal: Principal) -> web.Response:
    row = await request.app[SERVICE].void(principal.org_id, _id(request), _now())
    return json_response((await _view(request, principal, [row]))[0])


@routes.post("/api/v1/invoices/{invoice_id}/mark-uncollectible", response=InvoiceOut,
             summary="Write an OPEN invoice off as bad debt")
async def mark_uncollectible(request: web.Request, principal: Principal) -> web.Response:
    row = await request.app[SERVICE].mark_uncollectible(principal.org_id, _id(request), _now())
    return json_response((await _view(request, principal, [row]))[0])


@routes.post("/api/v1/invoices/{invoice_id}/retry", response=InvoiceOut,
             summary="Price a FAILED invoice again: a DRAFT with a new review window, or 422 why not")
async def retry(request: web.Request, principal: Principal) -> web.Response:
    row = await request.app[SERVICE].retry(principal.org_id, _id(request), _now())
    return json_response((await _view(request, principal, [row]))[0])


@routes.get("/api/v1/subscriptions/{subscription_id}/upcoming-invoice", query=UpcomingQuery,
            response=UpcomingOut,
            summary="What the current period would bill so far (same pricing as invoices)")
async def upcoming(request: web.Request, principal: Principal, query: UpcomingQuery) -> web.Response:
    sub_id = parse_uuid(request.match_info["subscription_id"], "subscription")
    return json_response(await request.app[SERVICE].upcoming(principal.org_id, sub_id, _now(),
                                                             query.ending_now))
