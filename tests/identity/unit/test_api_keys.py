from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from fluxrate_common.auth.apikeys import KEY_PREFIX, generate_api_key, hash_api_key
from fluxrate_identity.domain.api_keys import ApiKey, normalize_scopes

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_generated_keys_are_random_prefixed_and_stored_only_as_a_hash() -> None:
    first, second = generate_api_key(), generate_api_key()
    assert first.plaintext.startswith(KEY_PREFIX) and first.plaintext != second.plaintext
    assert first.key_hash == hash_api_key(first.plaintext) and len(first.key_hash) == 32
    assert first.plaintext.startswith(first.display_prefix)
    assert len(first.plaintext) - len(first.display_prefix) >= 30


def test_scopes_are_deduplicated_in_a_stable_order() -> None:
    assert normalize_scopes(["write", "read", "write"]) == ("read", "write")


def test_revoking_bumps_the_version_once() -> None:
    key = ApiKey(uuid4(), uuid4(), "k", ("read",), "org_live_abc", b"h" * 32, None, NOW)
    revoked = key.revoke(NOW)
    assert revoked.version == 2 and revoked.status == "revoked"
    assert revoked.revoke(NOW) is revoked
    assert revoked.event_data()["revoked_at"] == NOW and revoked.event_data()["version"] == 2
