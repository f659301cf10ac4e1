"""What the webhooks app holds, by typed key."""

from __future__ import annotations

from aiohttp import web

from fluxrate_webhooks.service import WebhookService

WEBHOOKS = web.AppKey("webhook_service", WebhookService)
