from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest
from cryptography.fernet import Fernet

from fluxrate_common.auth.tokens import InvalidToken, issue_access_token, verify_access_token
from fluxrate_common.crypto import DecryptionFailed, FieldEncryptor

SECRET = "s" * 40


def test_an_access_token_gives_back_its_user_org_and_session() -> None:
    user, org, session, now = uuid4(), uuid4(), uuid4(), datetime.now(UTC)
    claims = verify_access_token(SECRET, issue_access_token(SECRET, user, org, now,
                                                            timedelta(minutes=5), session))
    assert (claims.user_id, claims.org_id, claims.session_id) == (user, org, session)


def test_an_access_token_without_its_session_is_refused() -> None:
    """Revocation works by session: a token that names none could never be revoked."""
    now = datetime.now(UTC)
    token = jwt.encode({"iss": "fluxrate", "sub": str(uuid4()), "org": str(uuid4()),
                        "typ": "access", "exp": int((now + timedelta(minutes=5)).timestamp())},
                       SECRET, algorithm="HS256")
    with pytest.raises(InvalidToken) as error:
        verify_access_token(SECRET, token)
    assert error.value.code == "invalid_session"


@pytest.mark.parametrize(("secret", "issued", "code"), [
    (SECRET, datetime.now(UTC) - timedelta(hours=1), "session_expired"),
    ("another-secret-" + "x" * 30, datetime.now(UTC), "invalid_session"),
])
def test_expired_or_forged_tokens_are_refused(secret: str, issued: datetime, code: str) -> None:
    token = issue_access_token(secret, uuid4(), uuid4(), issued, timedelta(minutes=5), uuid4())
    with pytest.raises(InvalidToken) as error:
        verify_access_token(SECRET, token)
    assert error.value.code == code


def test_encryption_round_trip_and_key_rotation() -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    stored = FieldEncryptor(old_key).encrypt("jane@example.com")
    assert b"jane" not in stored
    rotated_config = FieldEncryptor(f"{new_key},{old_key}")
    assert rotated_config.decrypt(stored) == "jane@example.com"
    re_encrypted = rotated_config.rotate(stored)
    assert FieldEncryptor(new_key).decrypt(re_encrypted) == "jane@example.com"
    with pytest.raises(DecryptionFailed):
        FieldEncryptor(new_key).decrypt(stored)


def test_bad_keys_are_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="Fernet"):
        FieldEncryptor("not-a-key")
    with pytest.raises(ValueError, match="at least one"):
        FieldEncryptor(" , ")
