"""Billing periods on the calendar, counted from an anchor: period n is
[anchor + n intervals, anchor + (n + 1) intervals). Months and years clamp to the month's
length (Jan 31 -> Feb 28, or 29 in a leap year -> Mar 31), always from the anchor, never from
the previous period, so a short month does not shorten every later one."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta
from decimal import Decimal

SECONDS_PER_DAY = Decimal(86400)


def _add_months(anchor: datetime, months: int) -> datetime:
    month_index = anchor.month - 1 + months
    year, month = anchor.year + month_index // 12, month_index % 12 + 1
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return anchor.replace(year=year, month=month, day=day)


def boundary(anchor: datetime, interval: str, n: int) -> datetime:
    """The start of period n (period 0 starts at the anchor)."""
    match interval:
        case "day":
            return anchor + timedelta(days=n)
        case "week":
            return anchor + timedelta(weeks=n)
        case "month":
            return _add_months(anchor, n)
        case "year":
            return _add_months(anchor, 12 * n)
    raise ValueError(f"unknown interval {interval!r}")


def period_containing(anchor: datetime, interval: str, moment: datetime) -> tuple[int, datetime, datetime]:
    """(n, start, end) of the period that contains `moment` (moment >= anchor)."""
    if moment < anchor:
        raise ValueError("moment is before the anchor")
    n = _estimate(anchor, interval, moment)
    while boundary(anchor, interval, n) > moment:
        n -= 1
    while boundary(anchor, interval, n + 1) <= moment:
        n += 1
    return n, boundary(anchor, interval, n), boundary(anchor, interval, n + 1)


def _estimate(anchor: datetime, interval: str, moment: datetime) -> int:
    days = (moment - anchor).days
    return {"day": days, "week": days // 7, "month": days // 31, "year": days // 366}[interval]


def days_between(start: datetime, end: datetime) -> Decimal:
    """Exact days (fractions count), for proration."""
    return Decimal(int((end - start).total_seconds())) / SECONDS_PER_DAY
