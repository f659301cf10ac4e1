"""Who is calling: an org, and either a dashboard user (session) or an API key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from uuid import UUID

Scope = Literal["read", "write"]
AuthMode = Literal["any", "session", "none", "operator", "portal"]  # operator: the handler checks a token
# portal: a customer portal token (auth/portal.py), handed to the handler as `portal`


@dataclass(frozen=True, slots=True)
class Principal:
    org_id: UUID
    scopes: frozenset[str]
    user_id: UUID | None = None
    api_key_id: UUID | None = None

    @property
    def is_session(self) -> bool:
        return self.user_id is not None

    @property
    def can_read(self) -> bool:
        """False for a write-only API key: it may change data but is shown none of it back
        beyond ids (no customer contact details in the answers to its writes)."""
        return "read" in self.scopes

    @property
    def is_service(self) -> bool:
        """Another Fluxrate service, reading on the org's behalf with a service token."""
        return self.user_id is None and self.api_key_id is None
