"""LISTEN on a PostgreSQL channel for the process's lifetime, reconnecting when it drops."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import asyncpg

from fluxrate_common.db.pool import connect
from fluxrate_common.logging import get_logger

log = get_logger("fluxrate.listen")


async def _nothing() -> None:
    return None


async def listen_forever(database_url: str, schema: str, channel: str,
                         on_notify: Callable[[str], None],
                         on_connect: Callable[[], Awaitable[None]] = _nothing,
                         resync_interval: float = 30.0) -> None:
    """`on_notify(payload)` for every NOTIFY on `<schema>_<channel>`; `on_connect()` after each
    (re)connection and every `resync_interval` seconds, to catch anything missed meanwhile."""
    while True:
        conn = None
        try:
            conn = await connect(database_url, schema)
            await conn.add_listener(f"{schema}_{channel}", lambda *args: on_notify(args[3]))
            while not conn.is_closed():
                await on_connect()
                await asyncio.sleep(resync_interval)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning("listener_retry", channel=channel, error=repr(error))
            await asyncio.sleep(1.0)
        finally:
            if conn is not None:
                conn.terminate()
