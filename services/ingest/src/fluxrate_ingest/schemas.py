"""Request bodies of the ingest API: the quickstart form, the REST form, SDK track, batches."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Text = Annotated[str, Field(min_length=1, max_length=255)]
Positive = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
Bag = Annotated[dict[str, Any], Field(max_length=100)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UsageIn(Strict):
    """Any form: name the meter by exactly one of meter_name, meter_id or meter_token, and the
    customer by exactly one of customer_external_id or customer_id (checked by the service)."""

    meter_name: Text | None = None
    meter_id: UUID | None = None
    meter_token: UUID | None = None
    customer_external_id: Text | None = None
    customer_id: UUID | None = None
    quantity: Positive | None = None
    timestamp: AwareDatetime | None = None
    idempotency_key: Text | None = None
    properties: Bag | None = None
    metadata: Bag | None = None


class TrackIn(Strict):
    meter_token: UUID
    customer_external_id: Text
    quantity: Positive
    timestamp: AwareDatetime | None = None
    idempotency_key: Text | None = None
    metadata: Bag | None = None


class BatchIn(Strict):
    events: list[dict[str, Any]] = Field(min_length=1)


class AcceptedOut(BaseModel):
    status: Literal["accepted", "duplicate"]
    id: UUID | None = None
    idempotency_key: str


class BatchResultOut(BaseModel):
    index: int
    status: Literal["accepted", "duplicate", "rejected"]
    id: UUID | None = None
    idempotency_key: str | None = None
    error: dict[str, str] | None = None


class BatchOut(BaseModel):
    accepted: int
    duplicates: int
    rejected: int
    results: list[BatchResultOut]
