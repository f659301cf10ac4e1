"""Turning one submitted usage event into a record to publish, or a rejection naming the field.

Pure: the meter and customer are already resolved, and `now` is an argument.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple
from uuid import UUID

import orjson

from fluxrate_common.aggregations import Reading, rule_of
from fluxrate_common.bounds import MAX_QUANTITY, SCALE

# The canonical text of the meter and customer ids every event repeats (UUID.__str__ is Python).
uuid_text = lru_cache(maxsize=1 << 16)(UUID.__str__)


class Rejected(Exception):
    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class MeterView:
    id: UUID
    org_id: UUID
    name: str
    token: UUID
    aggregation: str
    property: str
    filters: tuple[dict[str, Any], ...]
    active: bool


class Submitted(NamedTuple):
    """The fields of any form, after their own shape was validated."""

    quantity: Decimal | None
    timestamp: datetime | None
    idempotency_key: str | None
    properties: dict[str, Any]
    bag_name: str = "properties"  # where the form keeps extra data: properties or metadata


class UsageRecord(NamedTuple):  # a NamedTuple: built once per event on the hot path
    id: Any  # a UUIDv7 (uuid_utils' fast type)
    org_id: UUID
    customer_id: UUID
    meter: MeterView
    idempotency_key: str
    timestamp: datetime
    value: Decimal | None
    unique_value: str | None
    properties: dict[str, Any]
    received_at: datetime
    fingerprint: bytes  # of what was submitted: a retry matches it, another event does not


@dataclass(frozen=True)
class Window:
    max_future: timedelta
    backfill: timedelta

    def at(self, now: datetime) -> Accepted:
        return Accepted(now, now - self.backfill, now + self.max_future, self)


@dataclass(frozen=True)
class Accepted:
    """The timestamps a request received at `now` may carry (computed once per request)."""

    now: datetime
    earliest: datetime
    latest: datetime
    window: Window


def canonical(value: Any) -> str:
    """One spelling per value, so "10", 10 and 10.0 count as one distinct value."""
    if type(value) is Decimal:  # a quantity: every event has one
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return format(Decimal(value).normalize(), "f")
    return str(value)


def _number(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise Rejected(where, "not_a_number", f"{where} must be a number")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise Rejected(where, "not_a_number", f"{where} must be a number") from None
    if not number.is_finite():
        raise Rejected(where, "not_a_number", f"{where} must be a finite number")
    if abs(number) > MAX_QUANTITY or number.normalize().as_tuple().exponent < -SCALE:
        raise Rejected(where, "out_of_range", f"{where} must be at most {MAX_QUANTITY:,f} "
                       f"with at most {SCALE} decimals")
    return number


def measure(meter: MeterView, event: Submitted) -> tuple[Decimal | None, str | None]:
    """(value, distinct value) the meter reads from the event, as its aggregation says."""
    prop = meter.property
    where = f"{event.bag_name}.{prop}"
    rule = rule_of(meter.aggregation)
    if rule.reads is Reading.NOTHING:
        return Decimal(1), None
    if rule.reads is Reading.DISTINCT_VALUE:
        raw = event.properties.get(prop)
        if raw is None or raw == "" or isinstance(raw, dict | list):
            raise Rejected(where, "missing_property",
                           f"meter {meter.name} counts distinct values of '{prop}': "
                           f"send it in {event.bag_name}")
        return None, canonical(raw)
    if prop in event.properties:
        value = _number(event.properties[prop], where)
    elif event.quantity is not None:
        value, where = event.quantity, "quantity"
    else:
        raise Rejected("quantity", "missing_quantity",
                       f"send quantity, or {event.bag_name}.{prop} (meter {meter.name} reads '{prop}')")
    if rule.positive and value <= 0:
        raise Rejected(where, "not_positive", f"{where} must be greater than 0")
    if value < 0:
        raise Rejected(where, "negative", f"{where} must not be negative")
    return value, None


def check_timestamp(timestamp: datetime, accepted: Accepted) -> None:
    if timestamp > accepted.latest:
        seconds = int(accepted.window.max_future.total_seconds())
        raise Rejected("timestamp", "timestamp_in_future", f"timestamp is more than {seconds} s ahead")
    if timestamp < accepted.earliest:
        raise Rejected("timestamp", "timestamp_too_old",
                       f"timestamp is older than the {accepted.window.backfill.days}-day backfill "
                       "window (FLUXRATE_INGEST_BACKFILL_DAYS)")


def derived_key(meter_id: UUID, customer_id: UUID, timestamp: datetime, value: Decimal | None,
                unique_value: str | None, properties: dict[str, Any]) -> str:
    """The same event sent twice without a key (but with its own timestamp) gets the same key."""
    content = orjson.dumps(
        [str(meter_id), str(customer_id), timestamp.isoformat(), canonical(value or 0),
         unique_value, sorted((k, canonical(v)) for k, v in properties.items()
                              if not isinstance(v, dict | list))],
        default=str)
    return "derived:" + hashlib.sha256(content).hexdigest()[:40]


def fingerprint(meter_id: UUID, customer_id: UUID, event: Submitted, value: Decimal | None,
                unique_value: str | None) -> bytes:
    """What the client submitted (its own timestamp only if it sent one, so a retry of an
    event stamped on arrival matches), hashed: the same idempotency key with another
    fingerprint is a different event, not a retry."""
    content = orjson.dumps([uuid_text(meter_id), uuid_text(customer_id), event.timestamp,
                            None if value is None else canonical(value), unique_value,
                            event.properties], default=str, option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(content, digest_size=16).digest()


def build_record(event_id: UUID, org_id: UUID, customer_id: UUID, meter: MeterView,
                 event: Submitted, accepted: Accepted) -> UsageRecord:
    value, unique_value = measure(meter, event)
    timestamp = event.timestamp or accepted.now
    check_timestamp(timestamp, accepted)
    key = event.idempotency_key
    if key is None:
        key = derived_key(meter.id, customer_id, timestamp, value, unique_value, event.properties) \
            if event.timestamp is not None else f"generated:{event_id}"
    return UsageRecord(event_id, org_id, customer_id, meter, key, timestamp, value, unique_value,
                       event.properties, accepted.now,
                       fingerprint(meter.id, customer_id, event, value, unique_value))
