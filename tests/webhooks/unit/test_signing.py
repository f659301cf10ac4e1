"""Standard Webhooks headers, checked by the reference library's own verifier; during a
rotation's overlap either secret verifies."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
import standardwebhooks

from fluxrate import webhooks as sdk_webhooks
from fluxrate_webhooks.domain.signing import format_secret, headers

BODY = b'{"type":"invoice.paid","timestamp":"2026-03-01T00:00:00Z","data":{"total":"3.00"}}'


def test_a_secret_is_whsec_and_32_random_bytes() -> None:
    secret = format_secret(os.urandom(32))
    assert secret.startswith("whsec_") and len(secret) == 6 + 44
    with pytest.raises(ValueError):
        format_secret(b"short")


def test_the_reference_verifier_and_the_sdk_accept_what_is_signed() -> None:
    secret = format_secret(os.urandom(32))
    sent = headers("msg_1", datetime.now(UTC), BODY, [secret])
    assert standardwebhooks.Webhook(secret).verify(BODY, sent)["data"]["total"] == "3.00"
    assert sdk_webhooks.verify(BODY, sent, secret=secret)["type"] == "invoice.paid"
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(secret).verify(BODY.replace(b"3.00", b"0.01"), sent)
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        standardwebhooks.Webhook(format_secret(os.urandom(32))).verify(BODY, sent)


def test_during_an_overlap_both_secrets_verify() -> None:
    new, old = format_secret(os.urandom(32)), format_secret(os.urandom(32))
    sent = headers("msg_2", datetime.now(UTC), BODY, [new, old])
    assert len(sent["webhook-signature"].split(" ")) == 2
    for secret in (new, old):
        standardwebhooks.Webhook(secret).verify(BODY, sent)


def test_the_timestamp_is_whole_seconds_of_the_attempt() -> None:
    at = datetime(2026, 3, 1, 12, 0, 5, 900_000, tzinfo=UTC)
    sent = headers("msg_3", at, BODY, [format_secret(os.urandom(32))])
    assert sent["webhook-timestamp"] == str(int(at.timestamp())) and sent["webhook-id"] == "msg_3"
