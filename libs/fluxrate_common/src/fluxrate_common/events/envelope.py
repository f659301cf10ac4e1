"""The envelope every event travels in: an id stable across retries, its declared type and
schema version, the org it belongs to, when it happened, and its payload."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
import uuid_utils
import uuid_utils.compat as uuid_compat
from pydantic import BaseModel, ConfigDict

from fluxrate_common.http.json import dumps


def new_id() -> UUID:
    """UUIDv7: time-ordered, so ids sort by creation and index well."""
    return uuid_compat.uuid7()


def fast_id() -> uuid_utils.UUID:
    """A UUIDv7 for hot paths (a tenth of the cost): asyncpg and our JSON accept it as is."""
    return uuid_utils.uuid7()


class Envelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: UUID
    type: str
    schema_version: int = 1
    org_id: UUID
    occurred_at: datetime
    data: dict[str, Any]

    def to_bytes(self) -> bytes:
        return dumps({
            "id": str(self.id),
            "type": self.type,
            "schema_version": self.schema_version,
            "org_id": str(self.org_id),
            "occurred_at": self.occurred_at,
            "data": self.data,
        })

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        return cls.model_validate(orjson.loads(raw))


# The org of platform-internal events that belong to no tenant (the aggregator's receipts).
PLATFORM_ORG = UUID(int=0)
