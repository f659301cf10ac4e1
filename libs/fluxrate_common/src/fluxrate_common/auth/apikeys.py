"""API key material: `org_live_` + 40 random url-safe characters, stored only as SHA-256.

A fast hash is the right one here: the key is 240 bits of randomness, so there is nothing
to brute-force, and verification must cost microseconds on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

KEY_PREFIX = "org_live_"
DISPLAY_PREFIX_LENGTH = len(KEY_PREFIX) + 6


@dataclass(frozen=True)
class NewApiKey:
    plaintext: str
    display_prefix: str
    key_hash: bytes


def hash_api_key(plaintext: str) -> bytes:
    return hashlib.sha256(plaintext.encode()).digest()


def generate_api_key() -> NewApiKey:
    plaintext = KEY_PREFIX + secrets.token_urlsafe(30)
    return NewApiKey(plaintext, plaintext[:DISPLAY_PREFIX_LENGTH], hash_api_key(plaintext))
