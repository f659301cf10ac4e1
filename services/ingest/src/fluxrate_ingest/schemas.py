"""Request bodies of the ingest API: the quickstart form, the REST form, SDK track, batches."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, ValidatorFunctionWrapHandler, WrapValidator

from fluxrate_common.bounds import Bag, Moment, Quantity, Text
from fluxrate_common.http.validation import RequestModel as Strict

Key = Text(255, min_length=1)


class UsageIn(Strict):
    """Any form: name the meter by exactly one of meter_name, meter_id or meter_token, and the
    customer by exactly one of customer_external_id or customer_id (checked by the service)."""

    meter_name: Key | None = None
    meter_id: UUID | None = None
    meter_token: UUID | None = None
    customer_external_id: Key | None = None
    customer_id: UUID | None = None
    quantity: Quantity | None = None
    timestamp: Moment | None = None
    idempotency_key: Key | None = None
    properties: Bag | None = None
    metadata: Bag | None = None


class TrackIn(Strict):
    meter_token: UUID
    customer_external_id: Key
    quantity: Quantity
    timestamp: Moment | None = None
    idempotency_key: Key | None = None
    metadata: Bag | None = None


def _objects_as_they_are(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A non-empty list of JSON objects is taken as it is (each event is validated on its own
    next, so one bad event is refused alone): no copy of every event first. Anything else gets
    the usual validation, and its error."""
    if type(value) is list and value and all(type(event) is dict for event in value):
        return value
    return handler(value)


class BatchIn(Strict):
    events: Annotated[list[dict[str, Any]], WrapValidator(_objects_as_they_are)] = Field(min_length=1)


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
