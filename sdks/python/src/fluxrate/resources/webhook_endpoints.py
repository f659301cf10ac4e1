"""Webhook endpoints: where Fluxrate POSTs its events, their signing secrets, the delivery log,
replays and test events. Check each delivery with `fluxrate.webhooks.verify`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Optional

from fluxrate._json import clean
from fluxrate._pagination import Page
from fluxrate._resource import Resource, path
from fluxrate.models import WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret


class WebhookEndpoints(Resource):
    def create(self, *, url: str, event_types: Sequence[str] = ("*",),
               description: Optional[str] = None, enabled: bool = True) -> WebhookEndpointWithSecret:
        """The endpoint with its `secret` (`whsec_...`): store it, it is not shown again."""
        body = clean({"url": url, "event_types": list(event_types), "description": description,
                      "enabled": enabled})
        return self._client._call("POST", "/webhook-endpoints", body=body,
                                  model=WebhookEndpointWithSecret)

    def retrieve(self, endpoint_id: str) -> WebhookEndpoint:
        return self._client._call("GET", path("/webhook-endpoints/{}", endpoint_id),
                                  model=WebhookEndpoint)

    def list(self, *, limit: Optional[int] = None) -> Page[WebhookEndpoint]:
        return self._client._page("/webhook-endpoints", {"limit": limit}, WebhookEndpoint)

    def update(self, endpoint_id: str, **fields: Any) -> WebhookEndpoint:
        """`url`, `description`, `event_types`, `enabled` (True enables a disabled one again)."""
        return self._client._call("PATCH", path("/webhook-endpoints/{}", endpoint_id), body=fields,
                                  model=WebhookEndpoint)

    def delete(self, endpoint_id: str) -> None:
        return self._client._call("DELETE", path("/webhook-endpoints/{}", endpoint_id),
                                  transform=lambda _: None)

    def rotate_secret(self, endpoint_id: str, *,
                      overlap_seconds: Optional[int] = None) -> WebhookEndpointWithSecret:
        """A new secret; the old one still signs too for `overlap_seconds` (default a day)."""
        return self._client._call("POST", path("/webhook-endpoints/{}/rotate-secret", endpoint_id),
                                  body=clean({"overlap_seconds": overlap_seconds}),
                                  model=WebhookEndpointWithSecret)

    def send_test(self, endpoint_id: str) -> WebhookDelivery:
        return self._client._call("POST", path("/webhook-endpoints/{}/test", endpoint_id),
                                  model=WebhookDelivery)

    def deliveries(self, endpoint_id: str, *, status: Optional[str] = None,
                   event_type: Optional[str] = None,
                   limit: Optional[int] = None) -> Page[WebhookDelivery]:
        """The delivery log, newest first, each with every attempt."""
        params = {"status": status, "event_type": event_type, "limit": limit}
        return self._client._page(path("/webhook-endpoints/{}/deliveries", endpoint_id), params,
                                  WebhookDelivery)

    def delivery(self, endpoint_id: str, delivery_id: str) -> WebhookDelivery:
        return self._client._call(
            "GET", path("/webhook-endpoints/{}/deliveries/{}", endpoint_id, delivery_id),
            model=WebhookDelivery)

    def replay(self, endpoint_id: str, delivery_id: str) -> WebhookDelivery:
        """Send one delivery again now, with the same `webhook-id`."""
        return self._client._call(
            "POST", path("/webhook-endpoints/{}/deliveries/{}/replay", endpoint_id, delivery_id),
            model=WebhookDelivery)

    def replay_range(self, endpoint_id: str, *, since: datetime, until: Optional[datetime] = None,
                     status: str = "failed") -> int:
        """Send again the deliveries created in [since, until): the failed ones, or `"all"`."""
        body = clean({"since": since, "until": until, "status": status})
        return self._client._call("POST", path("/webhook-endpoints/{}/replay", endpoint_id),
                                  body=body, transform=lambda data: data["replayed"])
