"""One HTTP attempt: POST the signed body, follow no redirect, read at most a few KiB of the
answer, give up at the timeout. Unless private targets are allowed, only public addresses are
reached (see fluxrate_common.clients.outbound)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import aiohttp

from fluxrate_common.addresses import url_refusal
from fluxrate_common.clients.outbound import RefusedTarget, describe_failure, outbound_session

EXCERPT_CHARS = 1000


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
        self._http = outbound_session(aiohttp.ClientTimeout(total=self._timeout),
                                      self._allow_private, limit=0)

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
            return Outcome(None, _ms(started), None, describe_failure(error))

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

