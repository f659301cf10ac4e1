"""Entitlement notices (published by subscriptions): a metered feature's usage crossed a share
of its limit in its reset window. Each threshold is announced once per window."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import ENTITLEMENTS


class LimitReached(Payload):
    customer_id: UUID
    customer_external_id: str
    subscription_id: UUID
    feature_id: UUID
    feature: str  # its name
    threshold: Literal[80, 100]  # percent of the limit
    limit: Decimal
    usage: Decimal  # in the window, when the crossing was seen
    remaining: Decimal
    allowed: bool  # what an entitlement check answers now
    reset_period: str
    window_start: datetime
    window_end: datetime | None  # None: a limit that never resets


ENTITLEMENT_LIMIT_REACHED = EventType(
    "entitlement.limit_reached", ENTITLEMENTS, LimitReached,
    "A metered feature's usage reached 80 % or 100 % of its limit in its window (once per"
    " threshold per window).")
