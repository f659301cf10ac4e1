"""Small shared pieces of the catalog domain: every catalog object is ACTIVE or INACTIVE, and
some of their fields never change once set."""

from __future__ import annotations

from enum import StrEnum

from fluxrate_common.errors import Conflict


class Status(StrEnum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


def refuse_change(field: str, reason: str) -> Conflict:
    return Conflict("immutable_field", f"{field} cannot change: {reason}", field=field)
