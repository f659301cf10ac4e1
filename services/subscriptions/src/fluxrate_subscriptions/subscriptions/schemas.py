"""Request and response bodies for subscriptions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field, field_validator, model_validator

from fluxrate_common.bounds import MomentOrDay, Text
from fluxrate_common.http.validation import RequestModel as Strict
from fluxrate_common.http.validation import exactly_one, field_error, not_together
from fluxrate_subscriptions.subscriptions.commands import NewSubscription

ExternalId = Text(255, min_length=1)  # a customer's id in the org's own system


def as_moment(value: AwareDatetime | date | None) -> datetime | None:
    """A date means midnight UTC of that day."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(0), tzinfo=UTC)


class SubscriptionIn(Strict):
    customer_id: UUID | None = None
    customer_external_id: ExternalId | None = None
    plan_id: UUID
    start_date: MomentOrDay | None = Field(
        None, description="Today if omitted; in the past to backdate, in the future to schedule")
    trial_days: int | None = Field(None, ge=0, le=730)
    trial_end: MomentOrDay | None = None
    end_date: MomentOrDay | None = None

    @model_validator(mode="after")
    def _consistent(self) -> SubscriptionIn:
        exactly_one(self, "customer_id", "customer_external_id")
        if self.trial_days is not None and self.trial_end is not None:
            raise field_error("trial_end", "give trial_days or trial_end, not both")
        return self

    def command(self) -> NewSubscription:
        return NewSubscription(self.plan_id, self.customer_id, self.customer_external_id,
                               as_moment(self.start_date), self.trial_days,
                               as_moment(self.trial_end), as_moment(self.end_date))


class CancelIn(Strict):
    at_period_end: bool = False


class ChangePlanIn(Strict):
    plan_id: UUID
    at_period_end: bool = False


class SubscriptionListQuery(Strict):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    customer_id: UUID | None = None
    customer_external_id: ExternalId | None = Field(
        None, description="Your own id for the customer; one you never used lists nothing")
    status: Literal["TRIAL", "ACTIVE", "PAST_DUE", "PAUSED", "CANCELED"] | None = None

    _one_customer = field_validator("customer_external_id")(not_together("customer_id"))


class EventsQuery(Strict):
    limit: int = Field(100, ge=1, le=1000)
    cursor: str | None = None


class SubscriptionOut(BaseModel):
    id: UUID
    customer_id: UUID
    plan_id: UUID
    interval: str
    status: str
    start_date: datetime
    trial_end: datetime | None
    end_date: datetime | None
    current_period_start: datetime
    current_period_end: datetime
    cancel_at_period_end: bool
    pending_plan_id: UUID | None
    paused_at: datetime | None
    canceled_at: datetime | None
    created_at: datetime
    updated_at: datetime
