"""API key material: `org_live_` + 32 random url-safe characters + an 8-character tag, stored
only as SHA-256.

A fast hash is the right one here: the key holds 192 bits of randomness, so there is nothing
to brute-force, and verification must cost microseconds on every request.

The tag is an HMAC of the random part under a key derived from the platform's session secret,
so every service can tell, without any I/O, a key Fluxrate issued from one it never did. A key
missing from a service's index may have been created a moment ago (it is waited for), but
only if it carries the tag; anything else is refused at once, so made-up keys cost nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_PREFIX = "org_live_"
DISPLAY_PREFIX_LENGTH = len(KEY_PREFIX) + 6
_RANDOM_BYTES = 24  # 32 characters
_TAG_BYTES = 6  # 8 characters: a forger needs ~2^47 guesses, each one a request
_TAG_CHARS = 8


@dataclass(frozen=True)
class NewApiKey:
    plaintext: str
    display_prefix: str
    key_hash: bytes


def hash_api_key(plaintext: str) -> bytes:
    return hashlib.sha256(plaintext.encode()).digest()


def tag_key(session_secret: str) -> bytes:
    """The HMAC key of key tags, derived so the session secret itself signs nothing else."""
    return hmac.new(session_secret.encode(), b"fluxrate api key tag v1", hashlib.sha256).digest()


def _tag(key: bytes, random_part: str) -> str:
    digest = hmac.new(key, random_part.encode(), hashlib.sha256).digest()[:_TAG_BYTES]
    return base64.urlsafe_b64encode(digest).decode()


def generate_api_key(tag: bytes) -> NewApiKey:
    random_part = secrets.token_urlsafe(_RANDOM_BYTES)
    plaintext = KEY_PREFIX + random_part + _tag(tag, random_part)
    return NewApiKey(plaintext, plaintext[:DISPLAY_PREFIX_LENGTH], hash_api_key(plaintext))


def issued_by_us(plaintext: str, tag: bytes) -> bool:
    """True when the key carries a valid tag (it may still be unknown here, or revoked)."""
    if not plaintext.startswith(KEY_PREFIX) or len(plaintext) <= len(KEY_PREFIX) + _TAG_CHARS:
        return False
    random_part, given = plaintext[len(KEY_PREFIX):-_TAG_CHARS], plaintext[-_TAG_CHARS:]
    return hmac.compare_digest(given.encode(), _tag(tag, random_part).encode())
