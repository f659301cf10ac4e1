"""Request pieces every catalog context uses: field types, the list query, PATCH changes."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from fluxrate_catalog.shared.commands import Changes, Listing
from fluxrate_catalog.shared.domain import Status
from fluxrate_common.bounds import Int64, MeterValue, Text
from fluxrate_common.errors import invalid
from fluxrate_common.http.pagination import decode_time_id_cursor
from fluxrate_common.http.validation import RequestModel

Identifier = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")]
Name = Text(200, min_length=1)
Description = Text(2000)
Unit = Text(50)
Scalar = bool | Int64 | MeterValue | Text(500)


class ListQuery(RequestModel):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    status: Status | None = None

    def listing(self) -> Listing:
        return Listing(self.limit, decode_time_id_cursor(self.cursor), self.status)


# Fields a PATCH may set to null (empty them); any other null is refused, naming the field.
NULLABLE = frozenset({"unit", "description", "limit", "reset_period", "value"})


def changes_of(patch: BaseModel) -> Changes:
    """The fields a PATCH named, as domain values (lists of entries become tuples of them)."""
    changes: Changes = {}
    for name in patch.model_fields_set:
        value = getattr(patch, name)
        if value is None and name not in NULLABLE:
            raise invalid(name, "cannot be null")
        changes[name] = tuple(item.to_domain() for item in value) if isinstance(value, list) \
            else value
    return changes
