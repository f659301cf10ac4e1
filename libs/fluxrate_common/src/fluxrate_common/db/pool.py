"""asyncpg pools: one per service, its search_path set to the service's own schema."""

from __future__ import annotations

from typing import Any

import asyncpg
import orjson

from fluxrate_common.http.json import dumps


def _encode_json(value: Any) -> str:
    return dumps(value).decode()


async def init_connection(conn: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(
            type_name, encoder=_encode_json, decoder=orjson.loads, schema="pg_catalog"
        )


def server_settings(schema: str) -> dict[str, str]:
    return {"search_path": f'"{schema}"', "application_name": f"fluxrate-{schema}"}


async def _release(conn: asyncpg.Connection) -> None:
    """Pool connections never hold session state (LISTEN and advisory locks live on dedicated
    connections), so releasing one only needs an open transaction rolled back — not asyncpg's
    default reset query, which costs a round trip on every release."""
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


async def create_pool(database_url: str, schema: str, *, min_size: int = 2,
                      max_size: int = 10) -> asyncpg.Pool:
    return await asyncpg.create_pool(
        database_url,
        min_size=min_size,
        max_size=max_size,
        server_settings=server_settings(schema),
        init=init_connection,
        reset=_release,
    )


async def connect(database_url: str, schema: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(database_url, server_settings=server_settings(schema))
    await init_connection(conn)
    return conn
