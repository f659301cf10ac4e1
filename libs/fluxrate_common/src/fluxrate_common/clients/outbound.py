"""HTTP sessions for requests to addresses users name (webhook endpoints, logos). Unless
private targets are allowed, a URL naming a private address is refused before connecting, and
a host name is connected to only through addresses a resolver has checked (so a name cannot
resolve to a public address when checked and to a private one when connected)."""

from __future__ import annotations

import socket
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from fluxrate_common.addresses import literal_address, refusal


class RefusedTarget(OSError):
    """The target is, or resolves only to, addresses requests may not go to."""


class PublicResolver(AbstractResolver):
    """Resolves with the default resolver and keeps only public addresses."""

    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        found = await self._inner.resolve(host, port, family)
        allowed = [r for r in found if (a := literal_address(r["host"])) and refusal(a) is None]
        if not allowed:
            reasons = ", ".join(str(r["host"]) for r in found)
            raise RefusedTarget(f"refused: {host} resolves only to non-public addresses ({reasons})")
        return allowed

    async def close(self) -> None:
        await self._inner.close()


def outbound_session(timeout: aiohttp.ClientTimeout, allow_private: bool,
                     limit: int = 100) -> aiohttp.ClientSession:
    """A session that reaches only public addresses (unless `allow_private`), ignores proxy
    settings of the environment and keeps no cookies between requests."""
    resolver = None if allow_private else PublicResolver()
    connector = aiohttp.TCPConnector(limit=limit, resolver=resolver, ttl_dns_cache=60)
    return aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False,
                                 cookie_jar=aiohttp.DummyCookieJar())


def describe_failure(error: Any) -> str:
    """What went wrong reaching a target, in words a user can act on: the refusal itself when
    the resolver refused the target (aiohttp wraps it in a connection error)."""
    cause = getattr(error, "os_error", None) or error.__cause__
    if isinstance(cause, RefusedTarget):
        return str(cause)
    return f"{type(error).__name__}: {error}"[:500]
