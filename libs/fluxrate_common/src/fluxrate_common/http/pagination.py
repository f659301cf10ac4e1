"""Opaque cursors for keyset pagination: base64 of the sort key of the last row served."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from pydantic import BaseModel, Field

from fluxrate_common.http.errors import ValidationFailed


class PageQuery(BaseModel):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None


def encode_cursor(*values: Any) -> str:
    raw = orjson.dumps(list(values), default=str)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = orjson.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, orjson.JSONDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise ValidationFailed("invalid_cursor", "cursor is not one this API issued", field="cursor")
    return values


def page(rows: list[Any], limit: int, key: Any) -> dict[str, Any]:
    """Rows were fetched with `limit + 1`; the extra row only tells whether a next page exists."""
    has_more = len(rows) > limit
    data = rows[:limit]
    next_cursor = encode_cursor(*key(data[-1])) if has_more and data else None
    return {"data": data, "next_cursor": next_cursor}


def decode_time_id_cursor(cursor: str | None) -> tuple[datetime, UUID] | None:
    """The usual sort key: (created_at, id), newest first."""
    if cursor is None:
        return None
    created_at, row_id = decode_cursor(cursor, 2)
    try:
        return datetime.fromisoformat(created_at), UUID(row_id)
    except (TypeError, ValueError):
        raise ValidationFailed("invalid_cursor", "cursor is not one this API issued",
                               field="cursor") from None
