"""From catalogue events to webhooks: every public type has its sources, each source makes a
body `{"type", "timestamp", "data"}` whose `data` fits the documented object, sealed details are
opened, internal events make nothing, and the objects hold every field the API documents."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from importlib.resources import files
from typing import Any
from uuid import uuid4

import orjson
import pytest
from cryptography.fernet import Fernet

from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.events import CATALOGUE, EventType
from fluxrate_common.events import customers as c
from fluxrate_common.events import entitlements as e
from fluxrate_common.events import invoices as i
from fluxrate_common.events import subscriptions as s
from fluxrate_common.events.identity import ORG_CREATED
from fluxrate_common.http.json import dumps
from fluxrate_webhooks.catalogue import BY_NAME, BY_SOURCE, TYPES
from fluxrate_webhooks.domain.payloads import message_id, webhook_for

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
SEALER = FieldEncryptor(Fernet.generate_key().decode())
CONTACT = {"name": "Jane", "email": "jane@example.com", "billing_address": {"country": "FR"},
           "tax_id": "FR1"}
PUBLIC = {"invoice.created", "invoice.finalized", "invoice.paid", "invoice.voided",
          "invoice.marked_uncollectible", "invoice.overdue", "subscription.created",
          "subscription.trial_ending", "subscription.activated", "subscription.past_due",
          "subscription.paused", "subscription.resumed", "subscription.canceled",
          "subscription.plan_changed", "customer.created", "customer.updated",
          "entitlement.limit_reached"}


def unseal(token: str) -> dict[str, Any]:
    return orjson.loads(SEALER.decrypt(token.encode()))


def sealed(contact: dict[str, Any]) -> str:
    return SEALER.encrypt(orjson.dumps(contact).decode()).decode()


def subscription() -> dict[str, Any]:
    return {"id": uuid4(), "customer_id": uuid4(), "plan_id": uuid4(), "interval": "month",
            "status": "ACTIVE", "start_date": NOW, "trial_end": None, "end_date": None,
            "current_period_start": NOW, "current_period_end": NOW, "cancel_at_period_end": False,
            "pending_plan_id": None, "paused_at": None, "canceled_at": None, "created_at": NOW,
            "updated_at": NOW, "version": 3}


def invoice() -> dict[str, Any]:
    line = {"position": 0, "charge_id": uuid4(), "meter_id": None, "type": "FIXED",
            "display_name": "Base", "quantity": Decimal(1), "unit_price": Decimal("9.99"),
            "proration": Decimal(1), "amount": Decimal("9.99"), "tiers": []}
    return {"id": uuid4(), "number": "INV-1", "status": "PAID", "customer_id": uuid4(),
            "subscription_id": uuid4(), "period_start": NOW, "period_end": NOW, "currency": "EUR",
            "subtotal": Decimal("9.99"), "total": Decimal("9.99"), "due_date": NOW,
            "finalized_at": NOW, "paid_at": NOW, "amount_paid": Decimal("9.99"),
            "payment_reference": "wire-1", "voided_at": None, "uncollectible_at": None,
            "failure_reason": None, "period": {"kind": "regular"}, "finalize_at": NOW,
            "created_at": NOW, "lines": [line], "customer": sealed(CONTACT)}


def sample(source: EventType[Any]) -> dict[str, Any]:
    if source.payload is s.SubscriptionChange:
        return {"subscription": subscription()}
    if source.payload is i.InvoiceChange:
        return {"invoice": invoice(), "version": 2}
    if source.payload is c.CustomerData:
        return {"id": uuid4(), "external_id": "user_1", "contact": sealed(CONTACT),
                "metadata": {"plan": "pro"}, "created_at": NOW, "updated_at": NOW, "version": 2}
    assert source.payload is e.LimitReached
    return {"customer_id": uuid4(), "customer_external_id": "user_1", "subscription_id": uuid4(),
            "feature_id": uuid4(), "feature": "api_calls", "threshold": 80, "limit": Decimal(10),
            "usage": Decimal(8), "remaining": Decimal(2), "allowed": True,
            "reset_period": "month", "window_start": NOW, "window_end": None}


def envelope(source: EventType[Any]) -> Any:
    event = source.make(uuid4(), NOW, sample(source))
    return type(event).from_bytes(event.to_bytes())  # as a consumer reads it off Kafka


def test_the_public_types_are_the_ones_promised_each_made_from_the_catalogue() -> None:
    assert set(BY_NAME) == PUBLIC
    for kind in TYPES:
        assert kind.sources and all(CATALOGUE[src.name] is src for src in kind.sources)
    assert {src for src, kind in BY_SOURCE.items()} >= {"subscription.trial_ended",
                                                        "subscription.reactivated"}


@pytest.mark.parametrize("source_name", sorted(BY_SOURCE))
def test_each_source_makes_a_body_whose_data_fits_its_documented_object(source_name: str) -> None:
    source = CATALOGUE[source_name]
    event = envelope(source)
    hook = webhook_for(event, unseal)
    assert hook is not None and hook.webhook_id == message_id(event.id)
    body = json.loads(dumps(hook.body))
    assert set(body) == {"type", "timestamp", "data"}
    assert body["type"] == BY_SOURCE[source_name].name and body["timestamp"] == "2026-03-01T12:00:00Z"
    BY_SOURCE[source_name].envelope_model().model_validate(body)
    text = json.dumps(body)
    assert "gAAAA" not in text  # nothing sealed is left for the receiver to open
    if source.payload in (c.CustomerData, i.InvoiceChange):
        assert "jane@example.com" in text


def test_internal_and_unpublished_events_make_no_webhook() -> None:
    assert webhook_for(ORG_CREATED.make(uuid4(), NOW, {"id": str(uuid4()), "name": "A"}),
                       unseal) is None
    period_end = CATALOGUE["subscription.period_ended"]
    assert period_end.name not in BY_SOURCE


def _documented(schema: str) -> set[str]:
    document = json.loads(files("fluxrate_common").joinpath("openapi.json").read_text())
    return set(document["components"]["schemas"][schema]["properties"])


@pytest.mark.parametrize(("kind", "schema"), [
    ("invoice.paid", "InvoiceOut"), ("subscription.canceled", "SubscriptionOut"),
    ("customer.updated", "CustomerOut"),
])
def test_each_object_holds_every_field_the_api_documents(kind: str, schema: str) -> None:
    assert _documented(schema) <= set(BY_NAME[kind].data.model_fields)


def test_the_limit_object_describes_the_entitlement_as_a_check_does() -> None:
    wanted = _documented("EntitlementOut") - {"type", "value", "reason"}
    assert wanted <= set(BY_NAME["entitlement.limit_reached"].data.model_fields)
