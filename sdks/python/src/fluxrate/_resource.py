"""What every resource shares: the client it calls through, and path building.

A resource's methods are written once: on `Fluxrate` they return results, on `AsyncFluxrate`
the same calls return awaitables of the same results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from fluxrate._client import BaseClient


class Resource:
    def __init__(self, client: BaseClient) -> None:
        self._client = client


def path(template: str, *values: Any) -> str:
    """`path("/meters/{}", meter_id)` with each value escaped as one path segment."""
    return template.format(*(quote(str(v), safe="") for v in values))
