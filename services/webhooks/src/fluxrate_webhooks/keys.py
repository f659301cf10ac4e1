"""What the webhooks app holds, by typed key."""

from __future__ import annotations

from aiohttp import web

from fluxrate_common.crypto import FieldEncryptor
from fluxrate_webhooks.service import WebhookService

SERVICE = web.AppKey("webhook_service", WebhookService)
ENCRYPTOR = web.AppKey("webhook_encryptor", FieldEncryptor)
