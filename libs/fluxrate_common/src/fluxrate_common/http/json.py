"""JSON in and out with orjson; Decimals leave as strings so money never passes through float."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from aiohttp import web
from pydantic import BaseModel
from uuid_utils import UUID as FastUUID


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, UUID | FastUUID):  # asyncpg's and uuid_utils' UUIDs, unknown to orjson
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC)


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=dumps(body), status=status, content_type="application/json", headers=headers
    )
