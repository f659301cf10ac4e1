"""Invoices and their lifecycle: DRAFT → OPEN (finalize) → PAID / VOID / UNCOLLECTIBLE."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Optional, Union

from fluxrate._json import clean
from fluxrate._pagination import Page
from fluxrate._resource import Resource, path
from fluxrate.models import Invoice


class Invoices(Resource):
    def retrieve(self, invoice_id: str) -> Invoice:
        return self._client._call("GET", path("/invoices/{}", invoice_id), model=Invoice)

    def list(self, *, customer_id: Optional[str] = None, subscription_id: Optional[str] = None,
             status: Optional[str] = None, period_from: Optional[datetime] = None,
             period_to: Optional[datetime] = None, limit: Optional[int] = None) -> Page[Invoice]:
        params = {"customer_id": customer_id, "subscription_id": subscription_id, "status": status,
                  "period_from": period_from, "period_to": period_to, "limit": limit}
        return self._client._page("/invoices", params, Invoice)

    def finalize(self, invoice_id: str) -> Invoice:
        """DRAFT → OPEN now, without waiting for the review window; the invoice is emailed."""
        return self._action(invoice_id, "finalize")

    def pay(self, invoice_id: str, *, amount: Optional[Union[Decimal, str]] = None,
            reference: Optional[str] = None) -> Invoice:
        return self._action(invoice_id, "pay", clean({"amount": amount, "reference": reference}))

    def void(self, invoice_id: str) -> Invoice:
        return self._action(invoice_id, "void")

    def mark_uncollectible(self, invoice_id: str) -> Invoice:
        return self._action(invoice_id, "mark-uncollectible")

    def _action(self, invoice_id: str, action: str, body: Optional[dict[str, Any]] = None) -> Any:
        return self._client._call("POST", path("/invoices/{}/" + action, invoice_id), body=body,
                                  model=Invoice)
