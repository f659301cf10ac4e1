"""Customers, including the upsert by your own id that keeps Fluxrate in sync with your app."""

from __future__ import annotations

from typing import Any, Optional

from fluxrate._json import clean
from fluxrate._pagination import Page
from fluxrate._resource import Resource, path
from fluxrate.models import Customer, PortalSession


class Customers(Resource):
    def create(self, *, external_id: str, name: Optional[str] = None, email: Optional[str] = None,
               billing_address: Optional[dict[str, Any]] = None, tax_id: Optional[str] = None,
               metadata: Optional[dict[str, Any]] = None) -> Customer:
        body = clean({"external_id": external_id, "name": name, "email": email,
                      "billing_address": billing_address, "tax_id": tax_id, "metadata": metadata})
        return self._client._call("POST", "/customers", body=body, model=Customer)

    def upsert(self, external_id: str, *, name: Optional[str] = None, email: Optional[str] = None,
               billing_address: Optional[dict[str, Any]] = None, tax_id: Optional[str] = None,
               metadata: Optional[dict[str, Any]] = None) -> Customer:
        """Create the customer with this id of yours, or update the fields given: call it
        whenever a user signs up or changes, and Fluxrate stays in sync (safe to repeat)."""
        body = clean({"name": name, "email": email, "billing_address": billing_address,
                      "tax_id": tax_id, "metadata": metadata})
        return self._client._call("PUT", path("/customers/external/{}", external_id), body=body,
                                  model=Customer)

    def retrieve(self, customer_id: str) -> Customer:
        return self._client._call("GET", path("/customers/{}", customer_id), model=Customer)

    def update(self, customer_id: str, **fields: Any) -> Customer:
        return self._client._call("PATCH", path("/customers/{}", customer_id), body=fields,
                                  model=Customer)

    def list(self, *, external_id: Optional[str] = None,
             limit: Optional[int] = None) -> Page[Customer]:
        return self._client._page("/customers", {"external_id": external_id, "limit": limit},
                                  Customer)

    def portal_session(self, external_id: str, *, expires_in: Optional[int] = None) -> PortalSession:
        """A read-only customer portal for one customer (by your own id): open `url`, or put it
        in an <iframe> on a site the org's branding allows. It works for `expires_in` seconds
        (an hour by default) or until revoked; make a new one for each page view."""
        return self._client._call("POST", path("/customers/external/{}/portal-sessions", external_id),
                                  body=clean({"expires_in": expires_in}), model=PortalSession)
