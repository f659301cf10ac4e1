"""Ask the aggregator for a period's usage over its HTTP API, as the owner of that data.

Used by invoicing (what a period bills) and subscriptions (what an entitlement has used). The
call carries a short-lived, read-only service token for the org in question.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import aiohttp

from fluxrate_common.auth.tokens import issue_service_token
from fluxrate_common.http.errors import ServiceUnavailable
from fluxrate_common.retry import TransientError

TOKEN_TTL = timedelta(minutes=5)


class UsageUnavailable(ServiceUnavailable, TransientError):
    def __init__(self, detail: str) -> None:
        super().__init__("usage_unavailable", f"usage could not be read: {detail}",
                         headers={"Retry-After": "1"})


class UsageClient:
    def __init__(self, base_url: str, jwt_secret: str, service: str) -> None:
        self._base_url = base_url.rstrip("/")
        self._secret = jwt_secret
        self._service = service
        self._tokens: dict[UUID, tuple[str, float]] = {}
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    def _token(self, org_id: UUID, now: datetime) -> str:
        token, expires = self._tokens.get(org_id, ("", 0.0))
        if time.monotonic() > expires:
            token = issue_service_token(self._secret, self._service, org_id, now, TOKEN_TTL)
            self._tokens[org_id] = (token, time.monotonic() + TOKEN_TTL.total_seconds() / 2)
        return token

    async def usage(self, org_id: UUID, customer_id: UUID, start: datetime, end: datetime,
                    now: datetime, meter_id: UUID | None = None) -> dict[UUID, dict[str, Any]]:
        """{meter_id: {"value": Decimal, "events": int, ...}} for the customer over [start, end)."""
        params = {"customer_id": str(customer_id), "from": start.isoformat(), "to": end.isoformat()}
        if meter_id is not None:
            params["meter_id"] = str(meter_id)
        body = await self._call(org_id, now, "GET", "/api/v1/usage", params=params)
        return {UUID(item["meter_id"]): {**item, "value": Decimal(item["value"])}
                for item in body["data"]}

    async def usage_many(self, org_id: UUID, questions: list[tuple[UUID, datetime, datetime]],
                         now: datetime) -> list[dict[UUID, Decimal]]:
        """For each (customer, start, end): {meter_id: usage}, in one request."""
        queries = [{"customer_id": str(c), "from": s.isoformat(), "to": e.isoformat()}
                   for c, s, e in questions]
        body = await self._call(org_id, now, "POST", "/api/v1/usage-queries", json={"queries": queries})
        return [{UUID(item["meter_id"]): Decimal(item["value"]) for item in result["data"]}
                for result in body["results"]]

    async def usage_table(self, org_id: UUID, questions: list[tuple[UUID, datetime, datetime]],
                          now: datetime) -> list[dict[UUID, dict[str, Any]]]:
        """For each (customer, start, end): {meter_id: {"value", "meter_name", "events"}}."""
        queries = [{"customer_id": str(c), "from": s.isoformat(), "to": e.isoformat()}
                   for c, s, e in questions]
        body = await self._call(org_id, now, "POST", "/api/v1/usage-queries", json={"queries": queries})
        return [{UUID(item["meter_id"]): {**item, "value": Decimal(item["value"])}
                 for item in result["data"]} for result in body["results"]]

    async def _call(self, org_id: UUID, now: datetime, method: str, path: str,
                    **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self._token(org_id, now)}"}
        try:
            async with self._http.request(method, self._base_url + path, headers=headers,
                                          **kwargs) as response:
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as error:
            raise UsageUnavailable(repr(error)) from None
        if response.status != 200:
            raise UsageUnavailable(f"aggregator answered {response.status}: {body}")
        return body
