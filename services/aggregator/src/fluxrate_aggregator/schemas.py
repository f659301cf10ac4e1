"""Query parameters and responses of the usage API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fluxrate_common.bounds import Moment, Text
from fluxrate_common.http.validation import RequestModel, field_error

ExternalId = Text(255, min_length=1)


class UsageQuery(RequestModel):
    model_config = ConfigDict(populate_by_name=True)

    customer_id: UUID | None = None
    customer_external_id: ExternalId | None = None
    subscription_id: UUID | None = None
    meter_id: UUID | None = None
    start: Moment | None = Field(None, alias="from")
    end: Moment | None = Field(None, alias="to")
    window: Literal["hour", "day", "month"] | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> UsageQuery:
        named = {"customer_id": self.customer_id, "customer_external_id": self.customer_external_id,
                 "subscription_id": self.subscription_id}
        given = [name for name, value in named.items() if value is not None]
        if len(given) > 1:  # named: the second one given
            raise field_error(given[1], "give at most one of customer_id, customer_external_id, "
                              "subscription_id (none: the whole organisation)")
        return self


class EventsQuery(RequestModel):
    model_config = ConfigDict(populate_by_name=True)

    customer_id: UUID | None = None
    customer_external_id: ExternalId | None = None
    meter_id: UUID | None = None
    start: Moment | None = Field(None, alias="from", description="event timestamp >= this")
    end: Moment | None = Field(None, alias="to", description="event timestamp < this")
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None


class WindowOut(BaseModel):
    start: datetime
    end: datetime
    value: Decimal
    events: int


class MeterUsageOut(BaseModel):
    meter_id: UUID
    meter_name: str | None
    aggregation: str
    value: Decimal
    events: int
    windows: list[WindowOut] | None = None


class UsageOut(BaseModel):
    customer_id: UUID | None  # None: the whole organisation
    subscription_id: UUID | None = None
    start: datetime = Field(alias="from")
    end: datetime = Field(alias="to")
    data: list[MeterUsageOut]


class UsageEventOut(BaseModel):
    id: UUID
    meter_id: UUID
    customer_id: UUID
    customer_external_id: str | None
    idempotency_key: str
    timestamp: datetime
    value: Decimal | None
    unique_value: str | None
    properties: dict[str, Any]
    counted: bool
    received_at: datetime


class UsageQuestion(RequestModel):
    model_config = ConfigDict(populate_by_name=True)

    customer_id: UUID
    start: Moment = Field(alias="from")
    end: Moment = Field(alias="to")


class UsageQuestionsIn(RequestModel):
    queries: list[UsageQuestion] = Field(min_length=1, max_length=2000)
