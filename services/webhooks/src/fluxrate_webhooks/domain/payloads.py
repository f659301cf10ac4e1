"""From a catalogue event to a webhook: its public type and the body every attempt sends,
`{"type", "timestamp", "data"}` with the object in `data` as the API returns it. Sealed
details (a customer's contact, an invoice's billing details) are opened with `unseal`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from fluxrate_common.events import Envelope
from fluxrate_webhooks.catalogue import BY_SOURCE, TEST, WebhookType
from fluxrate_webhooks.objects import CustomerObject, InvoiceObject, SubscriptionObject

Unseal = Callable[[str], dict[str, Any]]
CONTACT_FIELDS = ("name", "email", "billing_address", "tax_id")
# An endpoint receives what happens from its creation on; this much earlier too, for clocks of
# different machines that disagree a little.
CLOCK_GRACE_SECONDS = 60


@dataclass(frozen=True)
class Webhook:
    id: UUID  # the catalogue event's: stable, so every attempt and replay shares webhook-id
    org_id: UUID
    type: WebhookType
    occurred_at: datetime
    body: dict[str, Any]

    @property
    def webhook_id(self) -> str:
        return message_id(self.id)


def message_id(event_id: UUID) -> str:
    return f"msg_{event_id.hex}"


def webhook_for(event: Envelope, unseal: Unseal) -> Webhook | None:
    """The webhook an event makes, or None when it is internal to the platform."""
    kind = BY_SOURCE.get(event.type)
    if kind is None:
        return None
    data = _object(kind, event.data, unseal)
    return Webhook(event.id, event.org_id, kind, event.occurred_at,
                   {"type": kind.name, "timestamp": event.occurred_at, "data": data})


def ping_webhook(event_id: UUID, org_id: UUID, endpoint_id: UUID, now: datetime) -> Webhook:
    data = {"endpoint_id": endpoint_id, "message": "A test event from Fluxrate: nothing happened."}
    return Webhook(event_id, org_id, TEST, now, {"type": TEST.name, "timestamp": now, "data": data})


def _object(kind: WebhookType, data: dict[str, Any], unseal: Unseal) -> dict[str, Any]:
    build = _BUILDERS.get(kind.data)
    return data if build is None else build(data, unseal)


def customer_object(data: dict[str, Any], unseal: Unseal) -> dict[str, Any]:
    contact = unseal(data["contact"])
    return {"id": data["id"], "external_id": data["external_id"],
            **{name: contact.get(name) for name in CONTACT_FIELDS},
            "metadata": data["metadata"], "redacted": False, "created_at": data["created_at"],
            "updated_at": data["updated_at"], "version": data["version"]}


def invoice_object(invoice: dict[str, Any], unseal: Unseal) -> dict[str, Any]:
    sealed = invoice.get("customer")
    return {**invoice, "customer": unseal(sealed) if sealed else None, "redacted": False,
            "lines": invoice.get("lines") or []}


_BUILDERS: dict[type, Callable[[dict[str, Any], Unseal], dict[str, Any]]] = {
    SubscriptionObject: lambda data, _: data["subscription"],
    CustomerObject: customer_object,
    InvoiceObject: lambda data, unseal: invoice_object(data["invoice"], unseal),
}
