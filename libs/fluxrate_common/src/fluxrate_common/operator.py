"""The operator API: every service's dead letters, to list, inspect, replay after a fix, and
discard — at `/api/v1/operator/<service>/dead-letters`. It crosses orgs, so it takes no org
credential but the platform's operator token (`Authorization: Bearer`, FLUXRATE_OPERATOR_TOKEN);
without one set, the operator API does not exist (404).
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal, Protocol
from uuid import UUID

import asyncpg
from aiohttp import web
from pydantic import BaseModel, Field

from fluxrate_common.db import deadletters
from fluxrate_common.http.errors import ApiError, Conflict, NotFound, Unauthorized
from fluxrate_common.http.json import json_response
from fluxrate_common.http.pagination import decode_cursor, encode_cursor
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_common.http.validation import RequestModel
from fluxrate_common.kafka.consumer import Record
from fluxrate_common.logging import get_logger

log = get_logger("fluxrate.operator")


class Replayer(Protocol):
    async def replay(self, record: Record) -> None: ...


OPERATOR_TOKEN = web.AppKey("operator_token", str)
REPLAYERS = web.AppKey("replayers", dict)  # consumer name -> Replayer
OPERATOR_POOL = web.AppKey("operator_pool", Callable[[], asyncpg.Pool])


class ReplayFailed(ApiError):
    status = 422
    type = "replay_failed"


class DeadLetterQuery(RequestModel):
    consumer: str | None = Field(None, max_length=100)
    state: Literal["open", "resolved", "all"] = "open"
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None


class DeadLetterOut(BaseModel):
    id: int
    consumer: str
    topic: str
    partition: int
    offset: int
    org_id: UUID | None
    error: str
    received_at: datetime
    resolved_at: datetime | None
    resolution: str | None
    key: str | None = Field(None, description="inspect only: the key as text")
    value: str | None = Field(None, description="inspect only: the record as text")
    value_base64: str | None = Field(None, description="inspect only: the record's bytes")


def _text(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode("utf-8", errors="replace")


def _out(row: asyncpg.Record, whole: bool = False) -> dict[str, Any]:
    out = {name: row[name] for name in ("id", "consumer", "topic", "partition", "offset", "org_id",
                                        "error", "received_at", "resolved_at", "resolution")}
    if whole:
        out.update(key=_text(row["key"]), value=_text(row["value"]), value_base64=None
                   if row["value"] is None else base64.b64encode(row["value"]).decode())
    return out


def require_operator(request: web.Request) -> None:
    token = request.app.get(OPERATOR_TOKEN) or ""
    if not token:
        raise web.HTTPNotFound()
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise Unauthorized("invalid_operator_token",
                           "the operator API takes the platform's operator token as a Bearer token")


def operator_routes(service: str) -> ApiRoutes:
    routes, base = ApiRoutes(), f"/api/v1/operator/{service}/dead-letters"
    name = service.replace("-", "_")

    async def list_dead_letters(request: web.Request, query: DeadLetterQuery) -> web.Response:
        before = int(decode_cursor(query.cursor, 1)[0]) if query.cursor else None
        rows = await deadletters.page(request.app[OPERATOR_POOL](), consumer=query.consumer,
                                      state=query.state, limit=query.limit, before=before)
        data = [_out(row) for row in rows[:query.limit]]
        more = len(rows) > query.limit
        return json_response({"data": data, "next_cursor": encode_cursor(data[-1]["id"]) if more else None})

    async def inspect_dead_letter(request: web.Request) -> web.Response:
        return json_response(_out(await _find(request), whole=True))

    async def replay_dead_letter(request: web.Request) -> web.Response:
        row = await _find(request, open_only=True)
        await _replay(request, row)
        await deadletters.resolve(request.app[OPERATOR_POOL](), row["id"], "replayed")
        log.info("dead_letter_replayed", service=service, id=row["id"], consumer=row["consumer"])
        return json_response(_out(await _find(request), whole=True))

    async def discard_dead_letter(request: web.Request) -> web.Response:
        row = await _find(request, open_only=True)
        await deadletters.resolve(request.app[OPERATOR_POOL](), row["id"], "discarded")
        log.info("dead_letter_discarded", service=service, id=row["id"], consumer=row["consumer"])
        return json_response(_out(await _find(request), whole=True))

    for method, path, handler, summary, extra in (
            ("GET", base, list_dead_letters, "list dead letters",
             {"query": DeadLetterQuery, "list_response": True}),
            ("GET", base + "/{dead_letter_id}", inspect_dead_letter, "inspect one, with its record", {}),
            ("POST", base + "/{dead_letter_id}/replay", replay_dead_letter,
             "apply it again (after a fix); it stays open if it still fails", {}),
            ("POST", base + "/{dead_letter_id}/discard", discard_dead_letter, "set it aside for good",
             {})):
        handler.__name__ = f"{handler.__name__}_{name}"  # operation ids stay unique across services
        routes.route(method, path, auth="operator", response=DeadLetterOut,
                     summary=f"Operator ({service}): {summary}", **extra)(_operator_only(handler))
    return routes


def _operator_only(handler: Callable[..., Awaitable[web.Response]]) -> Callable[..., Awaitable[web.Response]]:
    async def checked(request: web.Request, **kwargs: Any) -> web.Response:
        require_operator(request)
        return await handler(request, **kwargs)

    checked.__name__ = handler.__name__
    return checked


async def _find(request: web.Request, open_only: bool = False) -> asyncpg.Record:
    try:
        dead_letter_id = int(request.match_info["dead_letter_id"])
    except ValueError:
        raise NotFound("dead_letter") from None
    row = await deadletters.get(request.app[OPERATOR_POOL](), dead_letter_id)
    if row is None:
        raise NotFound("dead_letter")
    if open_only and row["resolved_at"] is not None:
        raise Conflict("dead_letter_resolved", f"dead letter {dead_letter_id} was already "
                       f"{row['resolution']}")
    return row


async def _replay(request: web.Request, row: asyncpg.Record) -> None:
    replayer = request.app[REPLAYERS].get(row["consumer"])
    if replayer is None:
        raise Conflict("not_replayable", f"no stage of this service replays {row['consumer']!r} records")
    record = Record(topic=row["topic"], partition=row["partition"], offset=row["offset"],
                    timestamp=0, timestamp_type=0, key=row["key"], value=row["value"], checksum=None,
                    serialized_key_size=0, serialized_value_size=0, headers=())
    try:
        await replayer.replay(record)
    except Exception as error:
        raise ReplayFailed("replay_failed", f"the record still cannot be applied: {error!r}",
                           details={"error": repr(error)}) from None
