"""Helpers for SDK tests: the org a test acts as, and polling with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from fluxrate import Fluxrate
from tests.support.api import Org

T = TypeVar("T")


@dataclass
class SdkOrg:
    url: str
    key: str
    org: Org


def wait_for(check: Callable[[], T | None], timeout: float = 30.0, interval: float = 0.1) -> T:
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last value: {last!r})")


def around_now() -> dict[str, datetime]:
    now = datetime.now(UTC)
    return {"from": now - timedelta(days=2), "to": now + timedelta(days=1)}


def total(client: Fluxrate, customer: str, meter_id: str, period: dict[str, Any]) -> Decimal:
    usage = client.usage.get(customer_external_id=customer, meter_id=meter_id, **period)
    return Decimal(usage.data[0].value) if usage.data else Decimal(0)
