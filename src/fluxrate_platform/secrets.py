"""`fluxrate secrets DIR`: the secrets a one-box install needs, generated once into a directory
(docker compose keeps it in a volume). Files that exist are never rewritten, so a restart keeps
sessions valid and encrypted fields readable; the services read them with FLUXRATE_SECRETS_DIR."""

from __future__ import annotations

import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def _postgres_password(directory: Path) -> str:
    return (directory / "postgres-password").read_text()


GENERATED = {
    "FLUXRATE_JWT_SECRET": lambda _: secrets.token_urlsafe(48),
    "FLUXRATE_ENCRYPTION_KEYS": lambda _: Fernet.generate_key().decode(),
    "postgres-password": lambda _: secrets.token_urlsafe(32),
    # libpq's password file, which asyncpg reads through PGPASSFILE: host:port:db:user:password
    "pgpass": lambda directory: f"*:*:*:*:{_postgres_password(directory)}\n",
}
# The PostgreSQL image reads its password file after dropping to its own user.
READABLE_BY_ALL = {"postgres-password"}


def ensure_secrets(directory: Path) -> list[str]:
    """Create the missing files; returns the names created."""
    directory.mkdir(parents=True, exist_ok=True)
    created = []
    for name, make in GENERATED.items():
        path = directory / name
        if path.exists():
            continue
        partial = path.with_name(f".{name}.partial")
        partial.write_text(make(directory))
        partial.chmod(0o644 if name in READABLE_BY_ALL else 0o600)
        partial.rename(path)  # a crash mid-write never leaves a half secret behind
        created.append(name)
    return created
