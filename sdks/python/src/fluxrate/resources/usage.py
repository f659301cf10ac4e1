"""Usage: track and record events (each with an idempotency key that every retry repeats),
batches, the usage the API bills, the usage log, and the background tracker."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Optional, Union

from fluxrate._json import clean
from fluxrate._pagination import Page
from fluxrate._resource import Resource
from fluxrate.models import UsageAccepted, UsageBatchResult, UsageEvent, UsageReport
from fluxrate.tracking.events import new_idempotency_key, with_idempotency_key

Quantity = Union[Decimal, int, float, str]


class Usage(Resource):
    def track(self, *, meter_token: str, customer_external_id: str, quantity: Quantity,
              idempotency_key: Optional[str] = None, timestamp: Optional[datetime] = None,
              metadata: Optional[dict[str, Any]] = None) -> UsageAccepted:
        """One event by meter token (`POST /sdk/track`). Without an `idempotency_key` one is
        made here, so retries of this call can never count it twice."""
        body = clean({"meter_token": meter_token, "customer_external_id": customer_external_id,
                      "quantity": quantity, "timestamp": timestamp, "metadata": metadata,
                      "idempotency_key": idempotency_key or new_idempotency_key()})
        return self._client._call("POST", "/sdk/track", body=body, model=UsageAccepted,
                                  retry_safe=True)

    def record(self, **event: Any) -> UsageAccepted:
        """One event in any form the API takes (`POST /usage`): the meter by `meter_name`,
        `meter_id` or `meter_token`; the customer by `customer_external_id` or `customer_id`;
        `quantity` or `properties`; optional `timestamp`, `idempotency_key`, `metadata`."""
        return self._client._call("POST", "/usage", body=with_idempotency_key(clean(event)),
                                  model=UsageAccepted, retry_safe=True)

    def batch(self, events: list[dict[str, Any]]) -> UsageBatchResult:
        """Up to 1,000 events in one request, each answered on its own (`results[i].status`:
        accepted, duplicate or rejected with its error). Each event without a key gets one."""
        body = {"events": [with_idempotency_key(clean(e)) for e in events]}
        return self._client._call("POST", "/usage/batch", body=body, model=UsageBatchResult,
                                  retry_safe=True)

    def get(self, *, customer_external_id: Optional[str] = None, customer_id: Optional[str] = None,
            subscription_id: Optional[str] = None, meter_id: Optional[str] = None,
            window: Optional[str] = None, **period: Optional[datetime]) -> UsageReport:
        """Usage per meter over [`from`, `to`) exactly as an invoice bills it (`GET /usage`).
        Pass the period as `**{"from": start, "to": end}`; default: this month, or the
        subscription's current period. `window`: hour, day or month for a breakdown."""
        unknown = set(period) - {"from", "to"}
        if unknown:
            raise TypeError(f"get() got unexpected keyword arguments: {sorted(unknown)}")
        params = {"customer_external_id": customer_external_id, "customer_id": customer_id,
                  "subscription_id": subscription_id, "meter_id": meter_id, "window": window,
                  **period}
        return self._client._call("GET", "/usage", params=params, model=UsageReport)

    def query(self, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Many period questions in one request: `[{"customer_id", "from", "to"}, ...]`;
        an answer per question, in order."""
        answer = self._client._call("POST", "/usage-queries", body={"queries": queries},
                                    retry_safe=True, transform=lambda data: data["results"])
        return answer

    def events(self, *, customer_external_id: Optional[str] = None, customer_id: Optional[str] = None,
               meter_id: Optional[str] = None, limit: Optional[int] = None) -> Page[UsageEvent]:
        """The usage log, newest first, as the aggregator stored each event."""
        params = {"customer_external_id": customer_external_id, "customer_id": customer_id,
                  "meter_id": meter_id, "limit": limit}
        return self._client._page("/usage/events", params, UsageEvent)

    log = events

    def tracker(self, **options: Any) -> Any:
        """A background queue that sends events in `/usage/batch` requests: see
        `fluxrate.tracking.Tracker` (and `AsyncTracker` on `AsyncFluxrate`) for the options."""
        return self._client._tracker(**options)
