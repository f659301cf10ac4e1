"""What the subscription use cases take: plain values, whatever the request looked like."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class NewSubscription:
    plan_id: UUID
    customer_id: UUID | None = None
    customer_external_id: str | None = None  # one of the two names the customer
    start: datetime | None = None  # now when not given
    trial_days: int | None = None
    trial_end: datetime | None = None
    end_date: datetime | None = None
