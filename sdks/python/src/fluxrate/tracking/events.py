"""Usage events as the tracker queues them: each gets its idempotency key and its timestamp
when it is tracked, so every send of it, however often retried, is the same event."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any, Optional


def new_idempotency_key() -> str:
    return f"sdk_{uuid.uuid4().hex}"


def with_idempotency_key(event: dict[str, Any]) -> dict[str, Any]:
    if event.get("idempotency_key"):
        return event
    return {**event, "idempotency_key": new_idempotency_key()}


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


def track_event(meter_token: str, customer_external_id: str, quantity: Any,
                idempotency_key: Optional[str], timestamp: Optional[datetime],
                metadata: Optional[dict[str, Any]]) -> dict[str, Any]:
    """The `/sdk/track` form of an event, stamped now unless it says when it happened."""
    event: dict[str, Any] = {
        "meter_token": str(meter_token), "customer_external_id": customer_external_id,
        "quantity": quantity, "idempotency_key": idempotency_key or new_idempotency_key(),
        "timestamp": timestamp if timestamp is not None else now_iso()}
    if metadata is not None:
        event["metadata"] = metadata
    return event


def any_event(fields: dict[str, Any]) -> dict[str, Any]:
    """An event in any form `POST /usage` takes, with a key and a timestamp."""
    event = with_idempotency_key({k: v for k, v in fields.items() if v is not None})
    event.setdefault("timestamp", now_iso())
    return event
