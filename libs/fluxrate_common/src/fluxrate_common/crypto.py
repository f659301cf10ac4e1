"""Encryption at rest for sensitive fields: Fernet with key rotation (MultiFernet).

Keys come from `FLUXRATE_ENCRYPTION_KEYS`, newest first. New values are encrypted with the
newest key; every listed key still decrypts, so rotating is: prepend a new key, deploy, then
`rotate()` stored values at leisure, then drop the old key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class DecryptionFailed(ValueError):
    pass


class FieldEncryptor:
    def __init__(self, keys: str) -> None:
        parsed = [key.strip() for key in keys.split(",") if key.strip()]
        if not parsed:
            raise ValueError("at least one Fernet key is required")
        try:
            self._fernet = MultiFernet([Fernet(key) for key in parsed])
        except ValueError:
            raise ValueError("FLUXRATE_ENCRYPTION_KEYS must hold url-safe base64 Fernet keys") from None

    def encrypt(self, plaintext: str) -> bytes:
        return self._fernet.encrypt(plaintext.encode())

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(bytes(token)).decode()
        except InvalidToken:
            raise DecryptionFailed("no configured key decrypts this value") from None

    def rotate(self, token: bytes) -> bytes:
        """Re-encrypt with the newest key (keeps the original timestamp)."""
        return self._fernet.rotate(bytes(token))
