"""What every catalog context's handlers share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from fluxrate_common.http.json import json_response


def now() -> datetime:
    return datetime.now(UTC)


def snapshots(result: dict[str, Any]) -> web.Response:
    """A page of domain objects, each as its snapshot."""
    result["data"] = [item.snapshot() for item in result["data"]]
    return json_response(result)
