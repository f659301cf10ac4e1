"""Pure usage logic: decode a usage message, apply a meter's filters, the hour an event counts
in. No I/O. (Folding events into rollups is one SQL statement: see the writer.)"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

import orjson


class UsageEvent(NamedTuple):
    """One usage event as stored. Ids stay strings here: this is the hot path, and the
    database driver parses them in C."""

    org_id: str
    idempotency_key: str
    id: str
    meter_id: str
    customer_id: str
    aggregation: str
    timestamp: datetime
    value: str | None  # exact decimal text, as ingest sent it
    unique_value: str | None
    properties: str  # JSON text, stored as jsonb
    counted: bool
    received_at: datetime


def _canonical(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    try:
        return format(Decimal(value).normalize(), "f")
    except (ArithmeticError, TypeError, ValueError):
        return str(value)


def passes_filters(filters: list[dict[str, Any]], properties: dict[str, Any]) -> bool:
    """Every filter must hold: `eq` one value, `in` any of a list; compared canonically, so
    10, 10.0 and "10" are equal."""
    for rule in filters:
        if rule["property"] not in properties:
            return False
        actual = _canonical(properties[rule["property"]])
        wanted = rule["value"] if rule["operator"] == "in" else [rule["value"]]
        if actual not in {_canonical(v) for v in wanted}:
            return False
    return True


class UsageMessage(NamedTuple):
    id: str | None  # what the receipt names, so ingest can forget the message
    events: list[UsageEvent]


def decode_message(raw: bytes) -> UsageMessage:
    """A `usage.recorded` message (one org's events on one partition); ValueError if malformed."""
    try:
        message = orjson.loads(raw)
        org_id = message["org_id"]
        return UsageMessage(message.get("id"), [_event(org_id, e) for e in message["data"]["events"]])
    except (KeyError, TypeError, ArithmeticError, orjson.JSONDecodeError) as error:
        raise ValueError(f"malformed usage message: {error!r}") from None


def single_event(raw: bytes, index: int) -> bytes:
    """A message holding only event `index` of `raw`: what is parked when that event alone
    cannot be stored, so it can be replayed on its own."""
    message = orjson.loads(raw)
    message["id"] = None  # its receipt went with the rest of the message
    message["data"]["events"] = [message["data"]["events"][index]]
    return orjson.dumps(message)


def _event(org_id: str, e: dict[str, Any]) -> UsageEvent:
    properties = e.get("properties") or {}
    value = e.get("value")
    return UsageEvent(
        org_id, e["idempotency_key"], e["id"], e["meter_id"], e["customer_id"], e["aggregation"],
        datetime.fromisoformat(e["timestamp"]), None if value is None else _decimal_text(value),
        e.get("unique_value"), orjson.dumps(properties).decode() if properties else "{}",
        passes_filters(e["filters"], properties) if "filters" in e else True,
        datetime.fromisoformat(e["received_at"]))


def _decimal_text(value: Any) -> str:
    """The value as decimal text (stored exactly); ArithmeticError unless a finite number."""
    if not Decimal(value).is_finite():
        raise ArithmeticError(f"value {value!r} is not a finite number")
    return value if type(value) is str else str(value)


def hour_of(moment: datetime) -> datetime:
    if moment.tzinfo is not UTC:  # events arrive in UTC: skip the conversion then
        moment = moment.astimezone(UTC)
    return moment.replace(minute=0, second=0, microsecond=0)
