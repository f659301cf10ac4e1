"""Pure usage logic: decode a usage message, apply a meter's filters, fold events into hourly
rollup deltas. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class UsageEvent:
    org_id: UUID
    customer_id: UUID
    id: UUID
    meter_id: UUID
    aggregation: str
    idempotency_key: str
    timestamp: datetime
    value: Decimal | None
    unique_value: str | None
    properties: dict[str, Any]
    received_at: datetime
    counted: bool


@dataclass(slots=True)
class RollupDelta:
    aggregation: str
    sum: Decimal = ZERO
    count: int = 0
    max: Decimal | None = None
    last_value: Decimal | None = None
    last_ts: datetime | None = None

    def add(self, event: UsageEvent) -> None:
        self.count += 1
        if event.value is None:
            return
        self.sum += event.value
        self.max = event.value if self.max is None else max(self.max, event.value)
        if self.last_ts is None or event.timestamp >= self.last_ts:
            self.last_value, self.last_ts = event.value, event.timestamp


RollupKey = tuple[UUID, UUID, UUID, datetime]  # org, meter, customer, hour


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


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def decode_message(raw: bytes) -> list[UsageEvent]:
    """A `usage.recorded` message (one customer's events); ValueError if malformed."""
    try:
        message = orjson.loads(raw)
        org_id, data = UUID(message["org_id"]), message["data"]
        customer_id = UUID(data["customer_id"])
        return [_event(org_id, customer_id, e) for e in data["events"]]
    except (KeyError, TypeError, ArithmeticError, orjson.JSONDecodeError) as error:
        raise ValueError(f"malformed usage message: {error!r}") from None


def _event(org_id: UUID, customer_id: UUID, e: dict[str, Any]) -> UsageEvent:
    properties = e.get("properties") or {}
    return UsageEvent(
        org_id, customer_id, UUID(e["id"]), UUID(e["meter_id"]), e["aggregation"],
        e["idempotency_key"], _time(e["timestamp"]),
        Decimal(e["value"]) if e.get("value") is not None else None, e.get("unique_value"),
        properties, _time(e["received_at"]), passes_filters(e.get("filters") or [], properties))


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def fold(events: list[UsageEvent]) -> tuple[dict[RollupKey, RollupDelta], set[tuple[RollupKey, str]]]:
    """Rollup deltas and distinct values of the counted events, keyed by their hour."""
    deltas: dict[RollupKey, RollupDelta] = {}
    uniques: set[tuple[RollupKey, str]] = set()
    for event in events:
        if not event.counted:
            continue
        key = (event.org_id, event.meter_id, event.customer_id, hour_of(event.timestamp))
        delta = deltas.get(key)
        if delta is None:
            delta = deltas[key] = RollupDelta(event.aggregation)
        delta.add(event)
        if event.unique_value is not None:
            uniques.add((key, event.unique_value))
    return deltas, uniques
