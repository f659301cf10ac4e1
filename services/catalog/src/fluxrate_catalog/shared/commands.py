"""The plain values every context's use cases take for lists and PATCHes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from fluxrate_catalog.shared.domain import Status

Changes = dict[str, Any]  # the fields a PATCH named, as domain values


@dataclass(frozen=True)
class Listing:
    limit: int
    after: tuple[datetime, UUID] | None  # the last (created_at, id) of the page before
    status: Status | None = None
