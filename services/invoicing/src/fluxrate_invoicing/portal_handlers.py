"""The customer portal's invoices: only the token's customer's, never drafts or failed ones,
with their lines and PDFs (a link may carry the token: `?token=`)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from fluxrate_common.auth.portal import PortalClaims
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import PageQuery, decode_time_id_cursor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import parse_uuid
from fluxrate_invoicing.documents import InvoiceDocuments
from fluxrate_invoicing.handlers import DOCUMENTS, READS, pdf_response
from fluxrate_invoicing.reads import InvoiceReads
from fluxrate_invoicing.schemas import InvoiceOut

routes = ApiRoutes()


def _id(request: web.Request) -> Any:
    return parse_uuid(request.match_info["invoice_id"], "invoice")


@routes.get("/api/v1/portal/invoices", auth="portal", service=READS, query=PageQuery,
            response=InvoiceOut, list_response=True,
            summary="The portal customer's invoices, newest first")
async def portal_invoices(request: web.Request, portal: PortalClaims, service: InvoiceReads,
                          query: PageQuery) -> web.Response:
    return json_response(await service.list_for_customer(
        portal.org_id, portal.customer_id, query.limit, decode_time_id_cursor(query.cursor)))


@routes.get("/api/v1/portal/invoices/{invoice_id}", auth="portal", service=READS,
            response=InvoiceOut, summary="One of the portal customer's invoices, with its lines")
async def portal_invoice(request: web.Request, portal: PortalClaims,
                         service: InvoiceReads) -> web.Response:
    return json_response(await service.get_for_customer(portal.org_id, portal.customer_id,
                                                        _id(request)))


@routes.get("/api/v1/portal/invoices/{invoice_id}/pdf", auth="portal", service=DOCUMENTS,
            media_type="application/pdf", summary="One of the portal customer's invoices as a PDF")
async def portal_invoice_pdf(request: web.Request, portal: PortalClaims,
                             service: InvoiceDocuments) -> web.Response:
    return pdf_response(*await service.pdf_for_customer(portal.org_id, portal.customer_id,
                                                        _id(request)))
