"""Webhook use cases: endpoints (create, change, rotate the secret, delete), a test event, and
replays of one delivery or of a time range."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import orjson

from fluxrate_common.addresses import url_refusal
from fluxrate_common.crypto import FieldEncryptor
from fluxrate_common.events import new_id
from fluxrate_common.http.errors import NotFound, ValidationFailed
from fluxrate_common.http.pagination import page
from fluxrate_webhooks import deliveries_repository as deliveries
from fluxrate_webhooks import endpoints_repository as endpoints
from fluxrate_webhooks.domain.payloads import message_id, ping_webhook
from fluxrate_webhooks.domain.signing import SECRET_BYTES, format_secret
from fluxrate_webhooks.fanout import Fanout
from fluxrate_webhooks.schemas import EndpointIn, EndpointPatch, ReplayRangeIn
from fluxrate_webhooks.settings import Settings


class WebhookService:
    def __init__(self, pool: asyncpg.Pool, encryptor: FieldEncryptor, fanout: Fanout,
                 settings: Settings, wake: Callable[[], None]) -> None:
        self._pool = pool
        self._encryptor = encryptor
        self._fanout = fanout
        self._allow_private = settings.webhooks_allow_private_targets
        self._overlap = timedelta(seconds=settings.webhooks_secret_overlap_seconds)
        self._wake = wake

    def _target(self, url: str) -> str:
        refused = None if self._allow_private else url_refusal(url)
        if refused is not None:
            raise ValidationFailed("invalid_field", f"url: {refused}: deliveries go only to public"
                                   " addresses", field="url")
        return url

    def _new_secret(self) -> tuple[str, bytes]:
        secret = format_secret(os.urandom(SECRET_BYTES))
        return secret, self._encryptor.encrypt(secret)

    # -- endpoints -----------------------------------------------------------------------

    async def create(self, org_id: UUID, body: EndpointIn, now: datetime) -> dict[str, Any]:
        secret, sealed = self._new_secret()
        row = await endpoints.insert(self._pool, {
            "id": new_id(), "org_id": org_id, "url": self._target(str(body.url)),
            "description": body.description, "event_types": body.event_types,
            "enabled": body.enabled, "secret": sealed, "created_at": now, "updated_at": now,
            "version": 1})
        return {**dict(row), "secret": secret}

    async def get(self, org_id: UUID, endpoint_id: UUID) -> asyncpg.Record:
        row = await endpoints.get(self._pool, org_id, endpoint_id)
        if row is None:
            raise NotFound("webhook_endpoint")
        return row

    async def update(self, org_id: UUID, endpoint_id: UUID, patch: EndpointPatch,
                     now: datetime) -> asyncpg.Record:
        fields: dict[str, Any] = patch.model_dump(exclude_unset=True)
        for name in ("url", "event_types", "enabled"):
            if name in fields and fields[name] is None:
                raise ValidationFailed("invalid_field", f"{name}: may not be null", field=name)
        if "url" in fields:
            fields["url"] = self._target(str(patch.url))
        if fields.get("enabled"):  # enabled again by hand: its failures start over
            fields.update(disabled_reason=None, disabled_at=None, failing_since=None)
        elif fields.get("enabled") is False:
            fields.update(disabled_reason="disabled by a user", disabled_at=now)
        row = await endpoints.update(self._pool, org_id, endpoint_id, {**fields, "updated_at": now})
        if row is None:
            raise NotFound("webhook_endpoint")
        self._wake()
        return row

    async def rotate(self, org_id: UUID, endpoint_id: UUID, overlap_seconds: int | None,
                     now: datetime) -> dict[str, Any]:
        """A new secret signs from now on; the old one signs too for the overlap."""
        overlap = self._overlap if overlap_seconds is None else timedelta(seconds=overlap_seconds)
        secret, sealed = self._new_secret()
        async with self._pool.acquire() as conn, conn.transaction():
            current = await conn.fetchval("SELECT secret FROM endpoints WHERE org_id = $1 AND id = $2"
                                          " FOR UPDATE", org_id, endpoint_id)
            if current is None:
                raise NotFound("webhook_endpoint")
            row = await endpoints.update(conn, org_id, endpoint_id, {
                "secret": sealed, "previous_secret": current if overlap else None,
                "previous_secret_expires_at": now + overlap if overlap else None,
                "updated_at": now})
        return {**dict(row), "secret": secret}

    async def list(self, org_id: UUID, limit: int,
                   cursor: tuple[datetime, UUID] | None) -> dict[str, Any]:
        rows = await endpoints.page(self._pool, org_id, limit, cursor)
        return page([dict(r) for r in rows], limit, key=lambda r: (r["created_at"], r["id"]))

    async def delete(self, org_id: UUID, endpoint_id: UUID) -> None:
        if not await endpoints.delete(self._pool, org_id, endpoint_id):
            raise NotFound("webhook_endpoint")

    # -- deliveries ----------------------------------------------------------------------

    async def send_test(self, org_id: UUID, endpoint_id: UUID, now: datetime) -> dict[str, Any]:
        await self.get(org_id, endpoint_id)
        hook = ping_webhook(new_id(), org_id, endpoint_id, now)
        delivery_id = new_id()
        async with self._pool.acquire() as conn, conn.transaction():
            await deliveries.insert_messages(conn, [(hook.id, org_id, hook.type.name,
                                                     self._fanout.seal(hook), now)], now)
            await deliveries.insert_deliveries(conn, [(delivery_id, org_id, endpoint_id, hook.id,
                                                       hook.type.name)], now)
        self._wake()
        row = await deliveries.get(self._pool, org_id, endpoint_id, delivery_id)
        return await self._delivery_view(row)

    async def replay(self, org_id: UUID, endpoint_id: UUID, delivery_id: UUID,
                     now: datetime) -> dict[str, Any]:
        rows = await deliveries.replay(self._pool, org_id, endpoint_id, "id = $4", [delivery_id],
                                       now)
        if not rows:
            raise NotFound("webhook_delivery")
        self._wake()
        return await self._delivery_view(rows[0])

    async def replay_range(self, org_id: UUID, endpoint_id: UUID, body: ReplayRangeIn,
                           now: datetime) -> int:
        await self.get(org_id, endpoint_id)
        until = body.until or now
        if until <= body.since:
            raise ValidationFailed("invalid_field", "until: must be after since", field="until")
        where = "created_at >= $4 AND created_at < $5 AND status <> 'pending'"
        if body.status == "failed":
            where += " AND status = 'failed'"
        rows = await deliveries.replay(self._pool, org_id, endpoint_id, where, [body.since, until],
                                       now)
        self._wake()
        return len(rows)

    # -- the delivery log ----------------------------------------------------------------

    async def deliveries(self, org_id: UUID, endpoint_id: UUID, filters: dict[str, Any],
                         limit: int, cursor: tuple[datetime, UUID] | None) -> dict[str, Any]:
        await self.get(org_id, endpoint_id)
        rows = await deliveries.page(self._pool, org_id, endpoint_id, filters, limit, cursor)
        result = page(rows, limit, key=lambda r: (r["created_at"], r["id"]))
        result["data"] = await self._delivery_views(result["data"])
        return result

    async def delivery(self, org_id: UUID, endpoint_id: UUID, delivery_id: UUID) -> dict[str, Any]:
        """One delivery with its attempts and the body it sends."""
        row = await deliveries.get(self._pool, org_id, endpoint_id, delivery_id)
        if row is None:
            raise NotFound("webhook_delivery")
        return await self._delivery_view(row, with_payload=True)

    async def _delivery_view(self, row: asyncpg.Record, with_payload: bool = False) -> dict[str, Any]:
        return (await self._delivery_views([row], with_payload))[0]

    async def _delivery_views(self, rows: list[asyncpg.Record],
                              with_payload: bool = False) -> list[dict[str, Any]]:
        attempts = await deliveries.attempts(self._pool, [row["id"] for row in rows])
        views = [delivery_view(row, attempts[row["id"]]) for row in rows]
        if with_payload:
            for view, row in zip(views, rows, strict=True):
                view["payload"] = orjson.loads(self._encryptor.decrypt(row["payload"]))
        return views


def delivery_view(row: asyncpg.Record, attempts: list[dict[str, Any]]) -> dict[str, Any]:
    """A delivery as the log shows it: the retry time only while one is pending."""
    return {"id": row["id"], "endpoint_id": row["endpoint_id"],
            "webhook_id": message_id(row["message_id"]), "event_type": row["event_type"],
            "status": row["status"], "attempts": attempts,
            "next_attempt_at": row["next_attempt_at"] if row["status"] == "pending" else None,
            "succeeded_at": row["succeeded_at"], "created_at": row["created_at"]}
