"""A real webhook receiver on loopback: an HTTP server that records every delivery it is sent
(headers, exact body, what it answered) and answers as the test's `behave` decides — a status,
after a delay, or after waiting for the test to let it go."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
import standardwebhooks
from aiohttp import web

from fluxrate_platform.devstack import free_port

Behave = Callable[[int, bytes], Awaitable[int]]  # (n-th request, body) -> status to answer


async def always_ok(_: int, __: bytes) -> int:
    return 200


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered (or was going to, when the sender hung up first)
    at: float  # time.monotonic() on arrival

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    @property
    def event(self) -> dict[str, Any]:
        return orjson.loads(self.body)

    def verify(self, secret: str) -> dict[str, Any]:
        """The body, once the Standard Webhooks reference library accepts its signature."""
        return standardwebhooks.Webhook(secret).verify(self.body, self.headers)


class Receiver:
    def __init__(self, behave: Behave = always_ok, path: str = "/hook") -> None:
        self.behave = behave
        self.path = path
        self.port = free_port()
        self.received: list[Received] = []
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_post(self.path, self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        """Down: connections are refused until `start()` again (on the same port)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        arrived = time.monotonic()
        n = len(self.received)
        self.received.append(Received(headers, body, 0, arrived))  # seen, whatever follows
        status = await self.behave(n, body)
        self.received[n] = Received(headers, body, status, arrived)
        return web.Response(status=status, text="thanks" if status < 300 else "not now")

    def answered_ok(self) -> set[str]:
        """The webhook ids this receiver answered with a 2xx at least once."""
        return {r.webhook_id for r in self.received if 200 <= r.status < 300}

    def by_id(self) -> dict[str, list[Received]]:
        copies: dict[str, list[Received]] = defaultdict(list)
        for r in self.received:
            copies[r.webhook_id].append(r)
        return copies

    def types(self) -> dict[str, list[Received]]:
        found: dict[str, list[Received]] = defaultdict(list)
        for r in self.received:
            found[r.event["type"]].append(r)
        return found
