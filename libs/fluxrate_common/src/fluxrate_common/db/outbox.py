"""The transactional outbox: rows written with the state change, published by one relay."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import asyncpg

from fluxrate_common.db.deadletters import RELAY, Parked, park
from fluxrate_common.db.migrate import advisory_key
from fluxrate_common.db.pool import connect
from fluxrate_common.events import new_id
from fluxrate_common.kafka.producer import BrokerUnavailable, Producer
from fluxrate_common.logging import get_logger
from fluxrate_common.metrics import OUTBOX_OLDEST, OUTBOX_PENDING, OUTBOX_PUBLISHED

log = get_logger("fluxrate.outbox")

INSERT_OUTBOX = "INSERT INTO outbox (event_id, topic, key, payload) VALUES ($1, $2, $3, $4)"


class OutboxReplayer:
    """An operator's replay of a row the relay parked: back into the outbox, to go out again."""

    def __init__(self, pool: Callable[[], asyncpg.Pool]) -> None:
        self._pool = pool

    async def replay(self, record: Any) -> None:
        await self._pool().execute(INSERT_OUTBOX, new_id(), record.topic, record.key, record.value)


class OutboxRelay:
    """Publishes outbox rows in id order, then marks them published.

    One relay per schema leads at a time (a session advisory lock on its own connection, dropped
    by PostgreSQL if the process dies). A crash between publishing and marking only re-sends;
    consumers drop the copy through their inbox.
    """

    def __init__(self, *, database_url: str, schema: str, producer: Producer, batch_size: int,
                 poll_interval: float, retention: timedelta, republish_on_start: bool) -> None:
        self._database_url = database_url
        self._schema = schema
        self._producer = producer
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._retention = retention
        self._republish = republish_on_start
        self._wake = asyncio.Event()

    async def run(self) -> None:
        while True:
            try:
                await self._lead_when_possible()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError,
                    BrokerUnavailable) as error:
                log.warning("outbox_relay_retry", schema=self._schema, error=repr(error))
                await asyncio.sleep(self._poll_interval)

    async def _lead_when_possible(self) -> None:
        conn = await connect(self._database_url, self._schema)
        try:
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1)",
                                          advisory_key(f"outbox:{self._schema}")):
                await asyncio.sleep(self._poll_interval)
            await conn.add_listener(f"{self._schema}_outbox", self._on_notify)
            if self._republish:
                await conn.execute("UPDATE outbox SET published_at = NULL "
                                   "WHERE published_at IS NOT NULL")
                self._republish = False
            await self._publish_forever(conn)
        finally:
            conn.terminate()

    def _on_notify(self, *_: object) -> None:
        self._wake.set()

    async def _publish_forever(self, conn: asyncpg.Connection) -> None:
        loop = asyncio.get_running_loop()
        next_prune = 0.0
        while True:
            self._wake.clear()
            published = await self.publish_batch(conn)
            if loop.time() >= next_prune:
                await self._prune(conn)
                next_prune = loop.time() + 300
            if published < self._batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._poll_interval)

    async def publish_batch(self, conn: asyncpg.Connection) -> int:
        rows = await conn.fetch(
            "SELECT id, topic, key, payload FROM outbox WHERE published_at IS NULL "
            "ORDER BY id LIMIT $1", self._batch_size,
        )
        if not rows:
            OUTBOX_PENDING.labels(self._schema).set(0)
            OUTBOX_OLDEST.labels(self._schema).set(0)
            return 0
        refused = await self._producer.send_all([(r["topic"], r["key"], r["payload"]) for r in rows])
        async with conn.transaction():
            await self._park([(rows[i], error) for i, error in refused], conn)
            await conn.execute("UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])",
                               [r["id"] for r in rows])
        OUTBOX_PUBLISHED.labels(self._schema).inc(len(rows) - len(refused))
        pending, oldest = await conn.fetchrow(
            "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8"
            " FROM outbox WHERE published_at IS NULL")
        OUTBOX_PENDING.labels(self._schema).set(pending)
        OUTBOX_OLDEST.labels(self._schema).set(oldest)
        return len(rows)

    @staticmethod
    async def _park(refused: list[tuple[asyncpg.Record, str]], conn: asyncpg.Connection) -> None:
        """What the broker will never take as it is (too large, corrupt) leaves the outbox for
        the dead letters, so every later row still goes out; an operator can replay it."""
        await park(conn, RELAY, [Parked(row["topic"], -1, row["id"], row["key"], row["payload"],
                                        error) for row, error in refused])
        await conn.execute("DELETE FROM outbox WHERE id = ANY($1::bigint[])",
                           [row["id"] for row, _ in refused])

    async def _prune(self, conn: asyncpg.Connection) -> None:
        await conn.execute("DELETE FROM outbox WHERE published_at < now() - $1::interval",
                           self._retention)
