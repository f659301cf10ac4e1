from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from fluxrate_common.auth.apikeys import (
    KEY_PREFIX,
    generate_api_key,
    hash_api_key,
    issued_by_us,
    tag_key,
)
from fluxrate_identity.domain.api_keys import ApiKey, normalize_scopes

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TAG = tag_key("s" * 40)


def test_generated_keys_are_random_prefixed_and_stored_only_as_a_hash() -> None:
    first, second = generate_api_key(TAG), generate_api_key(TAG)
    assert first.plaintext.startswith(KEY_PREFIX) and first.plaintext != second.plaintext
    assert first.key_hash == hash_api_key(first.plaintext) and len(first.key_hash) == 32
    assert first.plaintext.startswith(first.display_prefix)
    assert len(first.plaintext) - len(first.display_prefix) >= 30


def test_a_key_we_issued_is_told_from_a_made_up_one_without_any_lookup() -> None:
    key = generate_api_key(TAG).plaintext
    assert issued_by_us(key, TAG)
    assert not issued_by_us(key, tag_key("another secret " + "x" * 30))


@pytest.mark.parametrize("made_up", [
    "org_live_" + "A" * 40, "org_live_", "org_live_short", "sk_live_" + "A" * 40, "",
    "org_live_" + "é" * 40, "org_live_" + "A" * 32 + "\x00" * 8,
])
def test_made_up_or_altered_keys_carry_no_valid_tag(made_up: str) -> None:
    assert not issued_by_us(made_up, TAG)
    genuine = generate_api_key(TAG).plaintext
    altered = genuine[:-9] + ("B" if genuine[-9] != "B" else "C") + genuine[-8:]
    assert not issued_by_us(altered, TAG)


def test_scopes_are_deduplicated_in_a_stable_order() -> None:
    assert normalize_scopes(["write", "read", "write"]) == ("read", "write")


def test_revoking_bumps_the_version_once() -> None:
    key = ApiKey(uuid4(), uuid4(), "k", ("read",), "org_live_abc", b"h" * 32, None, NOW)
    revoked = key.revoke(NOW)
    assert revoked.version == 2 and revoked.status == "revoked"
    assert revoked.revoke(NOW) is revoked
    assert revoked.event_data()["revoked_at"] == NOW and revoked.event_data()["version"] == 2
