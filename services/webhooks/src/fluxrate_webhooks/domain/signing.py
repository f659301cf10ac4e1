"""Signing secrets (`whsec_` + base64 of 32 random bytes) and the Standard Webhooks headers,
computed by the `standardwebhooks` library. While a rotated secret's overlap lasts, each
delivery carries a signature under the old and the new secret, so a receiver may switch at
its own pace."""

from __future__ import annotations

import base64
from datetime import datetime

from standardwebhooks import Webhook

PREFIX = "whsec_"
SECRET_BYTES = 32


def format_secret(raw: bytes) -> str:
    if len(raw) != SECRET_BYTES:
        raise ValueError(f"a signing secret is {SECRET_BYTES} random bytes")
    return PREFIX + base64.b64encode(raw).decode()


def headers(webhook_id: str, sent_at: datetime, body: bytes, secrets: list[str]) -> dict[str, str]:
    """`webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature` (one `v1,...` per
    secret, space-separated) for one attempt."""
    text = body.decode()
    signatures = " ".join(Webhook(secret).sign(webhook_id, sent_at, text) for secret in secrets)
    return {"webhook-id": webhook_id, "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": signatures, "content-type": "application/json",
            "user-agent": "Fluxrate-Webhooks/1"}
