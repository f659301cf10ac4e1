"""A TCP proxy in front of the test broker that a test can cut and restore: a broker outage
(connections refused, open ones reset) that, like a real one, loses no data — unlike killing
the in-memory broker, which also forgets every topic, message and offset.

It runs its own event loop in a thread, so a test blocked in synchronous code (an SDK client)
does not stall the traffic it proxies.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from pathlib import Path

from fluxrate_platform.devstack import EmbeddedBroker, free_port


class BrokerProxy:
    """`with BrokerProxy.around_new_broker(log) as proxy:` a fresh broker reached only through
    the proxy (it advertises the proxy's address, so clients never bypass it)."""

    def __init__(self, upstream_port: int, port: int | None = None) -> None:
        self.port = port or free_port()
        self._upstream = upstream_port
        self.broker: EmbeddedBroker | None = None
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.StreamWriter] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> BrokerProxy:
        self._thread.start()
        self.restore()
        return self

    def cut(self) -> None:
        """Refuse new connections and reset every open one."""
        asyncio.run_coroutine_threadsafe(self._cut(), self._loop).result(10)

    def restore(self) -> None:
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(10)

    def stop(self) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if self.broker is not None:
            self.broker.stop()

    @classmethod
    def around_new_broker(cls, log_path: Path) -> BrokerProxy:
        port = free_port()
        broker = EmbeddedBroker(free_port(), log_path, advertised_port=port)
        broker.start()
        proxy = cls(broker.port, port)
        proxy.broker = broker
        return proxy.start()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port,
                                                  reuse_address=True)

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._pipes):
            writer.transport.abort()
        self._pipes.clear()

    async def _accept(self, client_reader: asyncio.StreamReader,
                      client_writer: asyncio.StreamWriter) -> None:
        try:
            broker_reader, broker_writer = await asyncio.open_connection("127.0.0.1", self._upstream)
        except OSError:
            client_writer.transport.abort()
            return
        self._pipes |= {client_writer, broker_writer}
        await asyncio.gather(self._pump(client_reader, broker_writer),
                             self._pump(broker_reader, client_writer))

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, ConnectionError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()
        self._pipes.discard(writer)
