"""Webhook verification agrees with the Standard Webhooks reference library both ways."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime

import pytest
import standardwebhooks

from fluxrate import webhooks
from fluxrate.webhooks import WebhookVerificationError

SECRET = "whsec_" + base64.b64encode(b"fluxrate-test-signing-secret-32b").decode()
PAYLOAD = b'{"type":"invoice.finalized","data":{"id":"inv_1","total":"3.00"}}'


def test_what_the_reference_signs_verifies_and_the_reverse() -> None:
    now = int(time.time())
    reference = standardwebhooks.Webhook(SECRET)
    signature = reference.sign("msg_1", datetime.fromtimestamp(now, UTC), PAYLOAD.decode())
    headers = {"Webhook-Id": "msg_1", "Webhook-Timestamp": str(now), "Webhook-Signature": signature}
    assert webhooks.verify(PAYLOAD, headers, secret=SECRET)["data"]["total"] == "3.00"
    ours = webhooks.sign(PAYLOAD, msg_id="msg_2", timestamp=now, secret=SECRET)
    reference.verify(PAYLOAD, {"webhook-id": "msg_2", "webhook-timestamp": str(now),
                               "webhook-signature": f"v1a,junk {ours}"})


@pytest.mark.parametrize("change", ["payload", "secret", "stale", "missing"])
def test_altered_foreign_stale_or_unsigned_deliveries_are_refused(change: str) -> None:
    now = int(time.time())
    signature = webhooks.sign(PAYLOAD, msg_id="m", timestamp=now, secret=SECRET)
    headers = {"webhook-id": "m", "webhook-timestamp": str(now), "webhook-signature": signature}
    payload, secret = PAYLOAD, SECRET
    if change == "payload":
        payload = PAYLOAD.replace(b"3.00", b"0.01")
    elif change == "secret":
        secret = "whsec_" + base64.b64encode(b"another-secret-of-thirty-two-b!!").decode()
    elif change == "stale":
        headers["webhook-timestamp"] = str(now - 3600)
    else:
        del headers["webhook-signature"]
    with pytest.raises(WebhookVerificationError):
        webhooks.verify(payload, headers, secret=secret)
