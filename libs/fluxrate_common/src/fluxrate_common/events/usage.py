"""Usage on the bus: ingest's messages of accepted events, and the aggregator's receipts for
the messages it stored. Both are internal plumbing, at high volume."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import USAGE, USAGE_RECEIPTS


class UsageEventData(Payload):
    id: UUID
    customer_id: UUID
    meter_id: UUID
    aggregation: str
    idempotency_key: str
    timestamp: datetime
    value: Decimal | None
    unique_value: str | None
    properties: dict[str, Any]
    received_at: datetime
    filters: list[dict[str, Any]] | None = None  # the meter's, when it has any


class UsageBatch(Payload):
    events: list[UsageEventData]


class UsageReceipt(Payload):
    messages: list[UUID]  # the usage.recorded messages stored


USAGE_RECORDED = EventType(
    "usage.recorded", USAGE, UsageBatch,
    "Accepted usage events of one org on one partition (ingest writes it by hand, for speed).",
    internal=True)
USAGE_STORED = EventType(
    "usage.stored", USAGE_RECEIPTS, UsageReceipt,
    "The aggregator stored these usage messages: ingest stops keeping them.", internal=True)
