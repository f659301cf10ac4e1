"""Invoice PDFs: `render_invoice_pdf` turns an invoice, its lines, its customer's billing
details and the org's branding into the same bytes every time."""

from fluxrate_invoicing.pdf.render import render_invoice_pdf

__all__ = ["render_invoice_pdf"]
