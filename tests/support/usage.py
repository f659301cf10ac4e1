"""Helpers for usage tests: set up a meter and a customer, read the billed value."""

from __future__ import annotations

from typing import Any

from tests.support.api import Org


async def meter(org: Org, name: str, aggregation: str = "SUM", **extra: Any) -> dict[str, Any]:
    reply = await org.session.post("/api/v1/meters", {"name": name, "aggregation": aggregation,
                                                      **extra})
    assert reply.status == 201, reply.body
    return reply.body


async def customer(org: Org, external_id: str) -> dict[str, Any]:
    reply = await org.session.post("/api/v1/customers", {"external_id": external_id})
    assert reply.status == 201, reply.body
    return reply.body


async def usage_of(org: Org, customer_external_id: str, meter_id: str, start: str,
                   end: str, **params: str) -> dict[str, Any] | None:
    """The meter's usage entry, or None while the aggregator has not heard of the customer."""
    reply = await org.session.get("/api/v1/usage", params={
        "customer_external_id": customer_external_id, "meter_id": meter_id, "from": start,
        "to": end, **params})
    if reply.status == 404 and reply.error["code"] == "customer_not_found":
        return None
    assert reply.status == 200, reply.body
    return reply.body["data"][0] if reply.body["data"] else {"value": "0", "events": 0}
