"""One HTTP attempt: POST the signed body, follow no redirect, read at most a few KiB of the
answer, give up at the timeout. Unless private targets are allowed, a URL naming a private
address is refused before connecting, and a host name is connected to only through addresses
a resolver has checked (so a name cannot resolve to a public address when checked and to a
private one when connected)."""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from fluxrate_webhooks.domain.addresses import literal_address, refusal, url_refusal

EXCERPT_CHARS = 1000


class RefusedTarget(OSError):
    """The target resolves only to addresses deliveries may not go to."""


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


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    latency_ms: int
    excerpt: str | None
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class Sender:
    def __init__(self, timeout: float, max_response_bytes: int, allow_private: bool) -> None:
        self._timeout = timeout
        self._cap = max_response_bytes
        self._allow_private = allow_private
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        resolver = None if self._allow_private else PublicResolver()
        connector = aiohttp.TCPConnector(limit=0, resolver=resolver, ttl_dns_cache=60)
        self._http = aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=self._timeout),
            trust_env=False, cookie_jar=aiohttp.DummyCookieJar())

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def send(self, url: str, headers: dict[str, str], body: bytes) -> Outcome:
        started = time.monotonic()
        refused = None if self._allow_private else url_refusal(url)
        if refused is not None:
            return Outcome(None, 0, None, f"refused: {refused}")
        try:
            async with self._http.post(url, data=body, headers=headers,
                                       allow_redirects=False) as response:
                excerpt = await self._excerpt(response)
                return Outcome(response.status, _ms(started), excerpt, None)
        except TimeoutError:
            return Outcome(None, _ms(started), None, f"timed out after {self._timeout:g} s")
        except RefusedTarget as error:
            return Outcome(None, _ms(started), None, str(error))
        except (aiohttp.ClientError, OSError, ValueError) as error:
            return Outcome(None, _ms(started), None, _describe(error))

    async def _excerpt(self, response: aiohttp.ClientResponse) -> str | None:
        chunks: list[bytes] = []
        size = 0
        while size < self._cap:
            chunk = await response.content.read(self._cap - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        text = b"".join(chunks).decode(errors="replace")
        return text[:EXCERPT_CHARS] or None


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _describe(error: Any) -> str:
    cause = getattr(error, "os_error", None) or error.__cause__
    if isinstance(cause, RefusedTarget):
        return str(cause)
    return f"{type(error).__name__}: {error}"[:500]
