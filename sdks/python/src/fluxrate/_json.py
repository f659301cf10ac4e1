"""JSON for request bodies: decimals as strings (amounts are never floats), datetimes as ISO
8601 with their offset."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value!r}: give a timezone-aware datetime (e.g. tzinfo=timezone.utc)")
        return value.isoformat()
    if isinstance(value, (date, UUID)):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_none=True)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> bytes:
    return json.dumps(value, default=_default, separators=(",", ":")).encode()


def query_value(value: Any) -> Any:
    """A query-string value: datetimes and UUIDs as the API reads them."""
    if isinstance(value, (datetime, date, UUID, Decimal)):
        return _default(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """Drop arguments left at None: the API's defaults apply to what is not sent."""
    return {k: v for k, v in values.items() if v is not None}
