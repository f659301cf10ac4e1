"""The customer portal's invoices: only the token's customer's, never drafts or failed ones,
with their lines and PDFs (a link may carry the token: `?token=`)."""

from __future__ import annotations

from aiohttp import web

from fluxrate_common.app import POOL
from fluxrate_common.auth.portal import PortalClaims
from fluxrate_common.http.errors import NotFound
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import PageQuery, decode_time_id_cursor, page
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_invoicing import repository as repo
from fluxrate_invoicing.handlers import DOCUMENTS, invoice_view, pdf_response
from fluxrate_invoicing.schemas import InvoiceOut

HIDDEN = ["DRAFT", "FAILED"]  # under review, or never issued: not the customer's business yet
routes = ApiRoutes()


async def _invoice(request: web.Request, portal: PortalClaims):
    invoice_id = parse_uuid(request.match_info["invoice_id"], "invoice")
    row = await repo.customer_invoice(request.app[POOL], portal.org_id, portal.customer_id,
                                      invoice_id, HIDDEN)
    if row is None:
        raise NotFound("invoice")
    return row


@routes.get("/api/v1/portal/invoices", auth="portal", query=PageQuery, response=InvoiceOut,
            list_response=True, summary="The portal customer's invoices, newest first")
async def portal_invoices(request: web.Request, portal: PortalClaims,
                          query: PageQuery) -> web.Response:
    rows = await repo.customer_page(request.app[POOL], portal.org_id, portal.customer_id, HIDDEN,
                                    query.limit, decode_time_id_cursor(query.cursor))
    result = page(rows, query.limit, key=lambda row: (row["created_at"], row["id"]))
    result["data"] = await invoice_view(request, result["data"], with_customer=True)
    return json_response(result)


@routes.get("/api/v1/portal/invoices/{invoice_id}", auth="portal", response=InvoiceOut,
            summary="One of the portal customer's invoices, with its lines")
async def portal_invoice(request: web.Request, portal: PortalClaims) -> web.Response:
    row = await _invoice(request, portal)
    return json_response((await invoice_view(request, [row], with_customer=True))[0])


@routes.get("/api/v1/portal/invoices/{invoice_id}/pdf", auth="portal",
            media_type="application/pdf", summary="One of the portal customer's invoices as a PDF")
async def portal_invoice_pdf(request: web.Request, portal: PortalClaims) -> web.Response:
    row = await _invoice(request, portal)
    return pdf_response(row, await request.app[DOCUMENTS].pdf(row))
