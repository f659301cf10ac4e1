"""The public webhook event types: each one's name, version, meaning, the object it carries in
`data`, and the catalogue events it is made from. A receiver subscribes to these names; the
events services exchange among themselves stay internal.

Names of catalogue events are never spelled here: a type that keeps its catalogue event's name
takes it from the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, create_model

from fluxrate_common.events import EventType
from fluxrate_common.events import customers as c
from fluxrate_common.events import entitlements as e
from fluxrate_common.events import invoices as i
from fluxrate_common.events import subscriptions as s
from fluxrate_webhooks.objects import (
    CustomerObject,
    EntitlementLimitObject,
    InvoiceObject,
    SubscriptionObject,
    WebhookTestObject,
)

ALL_TYPES = "*"  # an endpoint subscribed to every type, present and future


@dataclass(frozen=True)
class WebhookType:
    name: str
    summary: str
    data: type[BaseModel]  # the object in `data`
    sources: tuple[EventType[Any], ...]  # the catalogue events that make it
    version: int = 1

    def envelope_model(self) -> type[BaseModel]:
        """The whole body, `{"type", "timestamp", "data"}`: documentation and OpenAPI."""
        title = "".join(part.capitalize() for part in self.name.replace(".", "_").split("_"))
        return create_model(
            f"{title}Webhook", __config__=ConfigDict(title=f"{self.name} v{self.version}"),
            type=(Literal[self.name], ...), timestamp=(datetime, ...), data=(self.data, ...))


def _same(source: EventType[Any], data: type[BaseModel], summary: str) -> WebhookType:
    return WebhookType(source.name, summary, data, (source,))


TYPES: tuple[WebhookType, ...] = (
    _same(i.INVOICE_CREATED, InvoiceObject, "A period ended and its invoice was made (DRAFT, or"
          " FAILED with the reason)."),
    _same(i.INVOICE_FINALIZED, InvoiceObject, "An invoice was finalized: numbered, dated and"
          " emailed (OPEN)."),
    _same(i.INVOICE_PAID, InvoiceObject, "An invoice was paid."),
    _same(i.INVOICE_VOIDED, InvoiceObject, "An invoice was voided."),
    _same(i.INVOICE_MARKED_UNCOLLECTIBLE, InvoiceObject, "An invoice was written off."),
    _same(i.INVOICE_OVERDUE, InvoiceObject, "An open invoice passed its due date unpaid."),
    _same(s.SUBSCRIPTION_CREATED, SubscriptionObject, "A customer was subscribed to a plan."),
    _same(s.SUBSCRIPTION_TRIAL_ENDING, SubscriptionObject, "A trial ends in three days (or"
          " less, for a shorter trial): sent once."),
    WebhookType("subscription.activated", "A subscription became ACTIVE: its trial ended, or"
                " the overdue invoice that made it PAST_DUE was paid.", SubscriptionObject,
                (s.SUBSCRIPTION_TRIAL_ENDED, s.SUBSCRIPTION_REACTIVATED)),
    _same(s.SUBSCRIPTION_PAST_DUE, SubscriptionObject, "An invoice went overdue: PAST_DUE."),
    _same(s.SUBSCRIPTION_PAUSED, SubscriptionObject, "A subscription was paused."),
    _same(s.SUBSCRIPTION_RESUMED, SubscriptionObject, "A paused subscription was resumed."),
    _same(s.SUBSCRIPTION_CANCELED, SubscriptionObject, "A subscription ended (now, at its"
          " period end, or on its end date)."),
    _same(s.SUBSCRIPTION_PLAN_CHANGED, SubscriptionObject, "A subscription moved to another"
          " plan."),
    _same(c.CUSTOMER_CREATED, CustomerObject, "A customer was created."),
    _same(c.CUSTOMER_UPDATED, CustomerObject, "A customer's details changed."),
    _same(e.ENTITLEMENT_LIMIT_REACHED, EntitlementLimitObject, "A metered feature reached 80 %"
          " or 100 % of its limit in its window (once per threshold per window)."),
)
# Sent only by "send test event" on one endpoint, whatever it subscribes to.
TEST = WebhookType("webhook.test", "A test sent from the dashboard or the API: nothing"
                   " happened.", WebhookTestObject, ())

BY_NAME: dict[str, WebhookType] = {t.name: t for t in TYPES}
BY_SOURCE: dict[str, WebhookType] = {source.name: t for t in TYPES for source in t.sources}
DOCUMENTED: tuple[WebhookType, ...] = (*TYPES, TEST)


def subscribes(event_types: list[str], name: str) -> bool:
    return ALL_TYPES in event_types or name in event_types
