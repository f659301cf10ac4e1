"""The tenancy table: for every endpoint that names an object, how org B creates one.

A test uses org A's credentials on B's object and expects 404; another checks that A's lists
never show B's rows; a third fails when an endpoint with a path id is missing from the table,
so every new endpoint has to join it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tests.support.api import Org

Maker = Callable[[Org], Awaitable[dict[str, str]]]


@dataclass(frozen=True)
class Probe:
    method: str
    path: str  # the route template exactly as the service declares it
    make: Maker  # creates B's object(s); returns the path parameters naming them
    body: dict[str, Any] | None = None


@dataclass(frozen=True)
class ListProbe:
    path: str
    make: Maker  # creates one of B's rows; returns {"id": ...}
    params: dict[str, str] | None = None


async def b_api_key(org: Org) -> dict[str, str]:
    reply = await org.session.post("/api/v1/api-keys", {"name": "b", "scopes": ["read"]})
    return {"key_id": reply.body["id"], "id": reply.body["id"]}


PROBES: list[Probe] = [
    Probe("DELETE", "/api/v1/api-keys/{key_id}", b_api_key),
]

LISTS: list[ListProbe] = [
    ListProbe("/api/v1/api-keys", b_api_key),
]

# Routes that name no tenant object.
EXEMPT: set[tuple[str, str]] = {
    ("GET", "/api/v1/auth/me"),  # the caller itself
}
