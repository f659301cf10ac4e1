"""When a metered feature's usage has reached a share of its limit (80 %, then 100 %): each
share is announced once per reset window."""

from __future__ import annotations

from decimal import Decimal

from fluxrate_common.bounds import exact

THRESHOLDS = (80, 100)  # percent of the limit


def reached(limit: Decimal, usage: Decimal) -> list[int]:
    """The thresholds `usage` has reached; none for a limit of zero, which allows nothing from
    the start (nothing is crossed)."""
    if limit <= 0:
        return []
    with exact():
        return [threshold for threshold in THRESHOLDS if usage * 100 >= limit * threshold]


def remaining(limit: Decimal, usage: Decimal) -> Decimal:
    with exact():
        return max(limit - usage, Decimal(0))
