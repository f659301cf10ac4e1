"""Request and response bodies for entitlements."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from fluxrate_common.bounds import Text
from fluxrate_common.http.validation import RequestModel as Strict
from fluxrate_common.http.validation import exactly_one
from fluxrate_subscriptions.subscriptions.schemas import ExternalId


class EntitlementQuery(Strict):
    customer_external_id: ExternalId | None = None
    customer_id: UUID | None = None

    @model_validator(mode="after")
    def _one_customer(self) -> EntitlementQuery:
        exactly_one(self, "customer_external_id", "customer_id")
        return self


class CheckQuery(EntitlementQuery):
    feature: Text(200, min_length=1) = Field(description="The feature's name or id")


class EntitlementOut(BaseModel):
    feature_id: UUID
    feature: str
    type: str
    allowed: bool
    value: Any = None
    limit: Decimal | None = None
    usage: Decimal | None = None
    remaining: Decimal | None = None
    reset_period: str | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None
    subscription_id: UUID | None = Field(
        description="The subscription whose plan grants the feature; null when none does")
    reason: Literal["not_in_plan"] | None = Field(
        None, description="Why it is not allowed, when no plan of the customer has the feature")
