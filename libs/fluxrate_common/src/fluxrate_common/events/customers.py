"""Events about customers (published by subscriptions)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import CUSTOMERS


class CustomerData(Payload):
    id: UUID
    external_id: str
    contact: str  # name, email, billing address and tax id, sealed (Fernet) as they are stored
    metadata: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    version: int


CUSTOMER_CREATED = EventType("customer.created", CUSTOMERS, CustomerData, "A customer was created.")
CUSTOMER_UPDATED = EventType("customer.updated", CUSTOMERS, CustomerData, "A customer changed.")
