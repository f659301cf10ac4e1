"""Meters, features, plans and their charges (the catalog service)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Optional, Union

from fluxrate._json import clean
from fluxrate._pagination import Page
from fluxrate._resource import Resource, path
from fluxrate.models import Charge, Feature, Meter, Plan

Number = Union[Decimal, int, str]


class Meters(Resource):
    def create(self, *, name: str, aggregation: str, property: Optional[str] = None,
               unit: Optional[str] = None, description: Optional[str] = None,
               filters: Optional[list[dict[str, Any]]] = None) -> Meter:
        """A meter; usage events name it by `meter_name`, `meter_id` or its `meter_token`."""
        body = clean({"name": name, "aggregation": aggregation, "property": property, "unit": unit,
                      "description": description, "filters": filters})
        return self._client._call("POST", "/meters", body=body, model=Meter)

    def retrieve(self, meter_id: str) -> Meter:
        return self._client._call("GET", path("/meters/{}", meter_id), model=Meter)

    def update(self, meter_id: str, **fields: Any) -> Meter:
        """Change `name`, `unit`, `description` or `status` (ACTIVE / INACTIVE)."""
        return self._client._call("PATCH", path("/meters/{}", meter_id), body=fields, model=Meter)

    def list(self, *, status: Optional[str] = None, limit: Optional[int] = None) -> Page[Meter]:
        return self._client._page("/meters", {"status": status, "limit": limit}, Meter)


class Features(Resource):
    def create(self, *, name: str, type: str, meter_id: Optional[str] = None,
               limit: Optional[Number] = None, reset_period: Optional[str] = None,
               value: Any = None, description: Optional[str] = None) -> Feature:
        """A METER (with `meter_id`, `limit`, `reset_period`), SWITCH or CUSTOM (`value`) feature."""
        body = clean({"name": name, "type": type, "meter_id": meter_id, "limit": limit,
                      "reset_period": reset_period, "value": value, "description": description})
        return self._client._call("POST", "/features", body=body, model=Feature)

    def retrieve(self, feature_id: str) -> Feature:
        return self._client._call("GET", path("/features/{}", feature_id), model=Feature)

    def update(self, feature_id: str, **fields: Any) -> Feature:
        return self._client._call("PATCH", path("/features/{}", feature_id), body=fields,
                                  model=Feature)

    def list(self, *, status: Optional[str] = None, limit: Optional[int] = None) -> Page[Feature]:
        return self._client._page("/features", {"status": status, "limit": limit}, Feature)


class Plans(Resource):
    def create(self, *, name: str, type: str, interval: str, currency: str,
               description: Optional[str] = None,
               features: Optional[list[dict[str, Any]]] = None) -> Plan:
        """`features`: `[{"feature_id": ..., "limit"?: ..., "value"?: ...}]`."""
        body = clean({"name": name, "type": type, "interval": interval, "currency": currency,
                      "description": description, "features": features})
        return self._client._call("POST", "/plans", body=body, model=Plan)

    def retrieve(self, plan_id: str, *, include_inactive: Optional[bool] = None) -> Plan:
        """The plan with its active charges (all of them with `include_inactive=True`)."""
        return self._client._call("GET", path("/plans/{}", plan_id),
                                  params={"include_inactive": include_inactive}, model=Plan)

    def update(self, plan_id: str, **fields: Any) -> Plan:
        return self._client._call("PATCH", path("/plans/{}", plan_id), body=fields, model=Plan)

    def list(self, *, status: Optional[str] = None, limit: Optional[int] = None) -> Page[Plan]:
        return self._client._page("/plans", {"status": status, "limit": limit}, Plan)


class Charges(Resource):
    """A plan's prices: FIXED (flat per period) or USAGE (per unit of a meter, tiered, or by
    package: `unit_price` buys `package_size` units, after `free_units`)."""

    def create(self, plan_id: str, *, type: str, unit_price: Optional[Number] = None,
               meter_id: Optional[str] = None, display_name: Optional[str] = None,
               tier_mode: Optional[str] = None,
               tiers: Optional[list[dict[str, Any]]] = None,
               package_size: Optional[int] = None,
               free_units: Optional[Number] = None) -> Charge:
        body = clean({"type": type, "unit_price": unit_price, "meter_id": meter_id,
                      "display_name": display_name, "tier_mode": tier_mode, "tiers": tiers,
                      "package_size": package_size, "free_units": free_units})
        return self._client._call("POST", path("/plans/{}/charges", plan_id), body=body,
                                  model=Charge)

    def update(self, plan_id: str, charge_id: str, **fields: Any) -> Charge:
        """E.g. `status="INACTIVE"` (permanent: a charge never becomes ACTIVE again)."""
        return self._client._call("PATCH", path("/plans/{}/charges/{}", plan_id, charge_id),
                                  body=fields, model=Charge)
