"""Who the client is, behind a known number of reverse proxies."""

from __future__ import annotations

from aiohttp import web


def client_address(request: web.Request, trusted_hops: int) -> str:
    """Each trusted proxy appends the address it was called from to X-Forwarded-For, so the
    client is the entry that many places from the end; whatever stands before it was written
    by the client and proves nothing. With no trusted proxy, the peer is the client."""
    if trusted_hops > 0:
        forwarded = [part.strip() for value in request.headers.getall("X-Forwarded-For", [])
                     for part in value.split(",") if part.strip()]
        if forwarded:
            return forwarded[-min(trusted_hops, len(forwarded))]
    return request.remote or "unknown"
