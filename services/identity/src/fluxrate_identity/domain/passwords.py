"""The password policy (NIST SP 800-63B style: length and a deny-list, no composition rules)."""

from __future__ import annotations

from fluxrate_common.errors import ValidationFailed

MIN_LENGTH = 10
MAX_LENGTH = 256
COMMON = frozenset({
    "password", "password1", "password12", "password123", "password1234", "passw0rd",
    "123456789", "1234567890", "12345678910", "qwertyuiop", "qwerty1234", "qwerty12345",
    "iloveyou123", "letmein123", "welcome123", "admin12345", "abc1234567", "1q2w3e4r5t",
    "1qaz2wsx3edc", "zaq12wsxcde", "aaaaaaaaaa", "0000000000", "1111111111", "changeme123",
    "fluxrate123", "football123", "baseball123", "trustno1234", "monkey12345", "dragon12345",
})


def check_password(password: str, email: str) -> None:
    """Raise a 422 that names the rule the password breaks."""
    if len(password) < MIN_LENGTH:
        raise _weak("password_too_short", f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise _weak("password_too_long", f"must be at most {MAX_LENGTH} characters")
    lowered = password.lower()
    if lowered in COMMON or len(set(lowered)) < 4:
        raise _weak("password_too_common", "is too common or too repetitive; choose another")
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        raise _weak("password_contains_email", "must not contain your email address")


def _weak(code: str, rule: str) -> ValidationFailed:
    return ValidationFailed(code, f"password {rule}", field="password")
