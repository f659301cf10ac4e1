"""Request and response bodies of the webhooks API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field, HttpUrl, field_validator

from fluxrate_common.bounds import Moment, Text
from fluxrate_common.http.validation import RequestModel as Strict
from fluxrate_webhooks.catalogue import ALL_TYPES, BY_NAME

MAX_WEEK = 7 * 24 * 3600


def _event_types(value: list[str] | None) -> list[str] | None:
    if value is None:
        return value
    unknown = [name for name in value if name != ALL_TYPES and name not in BY_NAME]
    if unknown:
        raise ValueError(f"unknown event type {unknown[0]!r}; see GET /api/v1/webhook-event-types")
    if ALL_TYPES in value and len(value) > 1:
        raise ValueError(f"{ALL_TYPES!r} already means every type: give it alone")
    return sorted(set(value))


EventTypes = list[Text(100, min_length=1)]
_EVENT_TYPES_HELP = "Webhook event types to receive, or [\"*\"] for every type"


class EndpointIn(Strict):
    url: HttpUrl = Field(description="Where deliveries are POSTed (http or https)")
    description: Text(500) | None = None
    event_types: EventTypes = Field(min_length=1, max_length=100, description=_EVENT_TYPES_HELP)
    enabled: bool = True

    _types = field_validator("event_types")(_event_types)


class EndpointPatch(Strict):
    url: HttpUrl | None = None
    description: Text(500) | None = None
    event_types: EventTypes | None = Field(None, min_length=1, max_length=100,
                                           description=_EVENT_TYPES_HELP)
    enabled: bool | None = Field(None, description="true re-enables an endpoint that was disabled")

    _types = field_validator("event_types")(_event_types)


class RotateIn(Strict):
    overlap_seconds: int | None = Field(
        None, ge=0, le=MAX_WEEK,
        description="How long the old secret still signs too (default a day; 0: stop at once)")


class EndpointOut(BaseModel):
    id: UUID
    url: str
    description: str | None
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None = Field(description="why it was disabled, when it was")
    disabled_at: datetime | None
    failing_since: datetime | None = Field(description="every attempt has failed since then")
    previous_secret_expires_at: datetime | None = Field(
        description="until then, deliveries are signed with the previous secret too")
    created_at: datetime
    updated_at: datetime


class EndpointWithSecretOut(EndpointOut):
    secret: str = Field(description="The signing secret (`whsec_...`): shown only now")


class EndpointListQuery(Strict):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None


DeliveryStatus = Literal["pending", "succeeded", "failed"]


class DeliveryListQuery(Strict):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    status: DeliveryStatus | None = None
    event_type: Text(100) | None = None


class AttemptOut(BaseModel):
    attempted_at: datetime
    status_code: int | None = Field(description="null when no answer came (refused, timed out)")
    latency_ms: int
    response_excerpt: str | None = Field(description="the start of the answer's body")
    error: str | None


class DeliveryOut(BaseModel):
    id: UUID
    endpoint_id: UUID
    webhook_id: str = Field(description="the `webhook-id` header: the same on every retry")
    event_type: str
    status: DeliveryStatus
    attempts: list[AttemptOut] = Field(description="every attempt, oldest first")
    next_attempt_at: datetime | None = Field(description="while pending")
    succeeded_at: datetime | None
    created_at: datetime
    payload: dict | None = Field(None, description="the body sent (one delivery only)")


class ReplayRangeIn(Strict):
    since: Moment = Field(description="deliveries created at or after this")
    until: Moment | None = Field(None, description="... and before this (default: now)")
    status: Literal["failed", "all"] = Field(
        "failed", description="failed: only those that gave up; all: every delivery in the range")


class ReplayedOut(BaseModel):
    replayed: int


class EventTypeOut(BaseModel):
    name: str
    version: int
    summary: str
