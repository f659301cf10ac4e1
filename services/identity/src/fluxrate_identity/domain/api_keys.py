"""API keys: scopes, revocation, and the event carrying a key's full state."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

SCOPES = ("read", "write")


@dataclass(frozen=True)
class ApiKey:
    id: UUID
    org_id: UUID
    name: str
    scopes: tuple[str, ...]
    prefix: str
    key_hash: bytes
    created_by: UUID | None
    created_at: datetime
    version: int = 1
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def status(self) -> str:
        return "revoked" if self.revoked_at else "active"

    def revoke(self, now: datetime) -> ApiKey:
        """Revoking is permanent; revoking again changes nothing (DELETE is idempotent)."""
        if self.revoked_at is not None:
            return self
        return replace(self, revoked_at=now, version=self.version + 1)

    def event_data(self) -> dict[str, Any]:
        return {"id": str(self.id), "name": self.name, "scopes": list(self.scopes),
                "prefix": self.prefix, "key_hash": self.key_hash.hex(),
                "created_at": self.created_at, "revoked_at": self.revoked_at,
                "version": self.version}


def normalize_scopes(scopes: list[str]) -> tuple[str, ...]:
    return tuple(scope for scope in SCOPES if scope in set(scopes))
