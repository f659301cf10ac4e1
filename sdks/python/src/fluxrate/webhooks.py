"""Verify the webhooks Fluxrate sends (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
`webhook-signature` headers, HMAC-SHA256 with your endpoint's `whsec_` secret).

    event = fluxrate.webhooks.verify(request.body, request.headers, secret="whsec_...")
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any, Optional, Union

from fluxrate.errors import FluxrateError

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE = 300  # seconds a delivery's timestamp may differ from now (replays)


class WebhookVerificationError(FluxrateError):
    """The delivery is not from Fluxrate, was altered, or is too old: do not act on it."""


def _key(secret: str) -> bytes:
    raw = secret[len(SECRET_PREFIX):] if secret.startswith(SECRET_PREFIX) else secret
    try:
        return base64.b64decode(raw, validate=True)
    except ValueError:
        raise WebhookVerificationError("the secret is not a whsec_ signing secret") from None


def _bytes(payload: Union[bytes, str]) -> bytes:
    return payload.encode() if isinstance(payload, str) else payload


def sign(payload: Union[bytes, str], *, msg_id: str, timestamp: int, secret: str) -> str:
    """The `webhook-signature` value for a delivery (`v1,<base64 HMAC>`)."""
    signed = f"{msg_id}.{timestamp}.".encode() + _bytes(payload)
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(payload: Union[bytes, str], headers: Mapping[str, str], *, secret: str,
           tolerance: int = DEFAULT_TOLERANCE, now: Optional[float] = None) -> Any:
    """The delivery's JSON body once its signature and timestamp check out; otherwise
    `WebhookVerificationError`. Pass the body exactly as received (bytes), not re-encoded."""
    lower = {k.lower(): v for k, v in headers.items()}
    msg_id, stamp, signatures = (lower.get("webhook-id"), lower.get("webhook-timestamp"),
                                 lower.get("webhook-signature"))
    if not (msg_id and stamp and signatures):
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError("webhook-timestamp is not a number") from None
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too far from now (a replay?)")
    expected = sign(payload, msg_id=msg_id, timestamp=timestamp, secret=secret)
    if not any(hmac.compare_digest(expected, given) for given in signatures.split()
               if given.startswith("v1,")):
        raise WebhookVerificationError("no signature matches: wrong secret or altered payload")
    return json.loads(_bytes(payload))
