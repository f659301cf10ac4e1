"""The local index of API keys every service verifies against, and its in-memory cache.

The cache holds every key of the service's `api_key_index` table (a few hundred bytes each),
so a verification is a SHA-256 and a dict lookup with no I/O. PostgreSQL NOTIFY (sent by a
trigger at commit) refreshes one key; a full reload every minute covers a dropped listener.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from fluxrate_common.arrivals import Arrivals
from fluxrate_common.events import Envelope
from fluxrate_common.events.identity import API_KEY_CREATED, API_KEY_REVOKED
from fluxrate_common.listen import listen_forever

_UPSERT = (
    "INSERT INTO api_key_index (id, org_id, key_hash, scopes, revoked_at, version)"
    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET scopes = excluded.scopes,"
    " revoked_at = excluded.revoked_at, version = excluded.version"
    " WHERE api_key_index.version < excluded.version"
)
MISS_TTL_SECONDS = 1.0
_SELECT = "SELECT id, org_id, key_hash, scopes, revoked_at FROM api_key_index"


@dataclass(frozen=True, slots=True)
class KeyRecord:
    id: UUID
    org_id: UUID
    scopes: frozenset[str]
    revoked: bool


async def upsert_key(conn: asyncpg.Connection, *, key_id: UUID, org_id: UUID, key_hash: bytes,
                     scopes: list[str], revoked_at: datetime | None, version: int) -> None:
    await conn.execute(_UPSERT, key_id, org_id, key_hash, scopes, revoked_at, version)


async def apply_api_key_event(conn: asyncpg.Connection, event: Envelope) -> None:
    """Consumer side: key events carry the key's full state, so applying is an upsert that
    only moves forward by version."""
    if not (API_KEY_CREATED.matches(event) or API_KEY_REVOKED.matches(event)):
        return
    data = event.data
    revoked_at = datetime.fromisoformat(data["revoked_at"]) if data.get("revoked_at") else None
    await upsert_key(conn, key_id=UUID(data["id"]), org_id=event.org_id,
                     key_hash=bytes.fromhex(data["key_hash"]), scopes=list(data["scopes"]),
                     revoked_at=revoked_at, version=int(data["version"]))


def _record(row: asyncpg.Record) -> KeyRecord:
    return KeyRecord(row["id"], row["org_id"], frozenset(row["scopes"]), row["revoked_at"] is not None)


class ApiKeyCache:
    def __init__(self, pool: asyncpg.Pool, database_url: str, schema: str,
                 reload_interval: float = 60.0) -> None:
        self._pool = pool
        self._database_url = database_url
        self._schema = schema
        self._reload_interval = reload_interval
        self._by_hash: dict[bytes, KeyRecord] = {}
        self._refreshes: set[asyncio.Task[None]] = set()
        self._arrivals = Arrivals(miss_ttl=MISS_TTL_SECONDS)

    def lookup(self, key_hash: bytes) -> KeyRecord | None:
        return self._by_hash.get(key_hash)

    async def lookup_or_fetch(self, key_hash: bytes, wait: float) -> KeyRecord | None:
        """A key created a moment ago may not have reached this service yet: on a miss, ask the
        table, then wait up to `wait` seconds for the key's NOTIFY."""
        record = self._by_hash.get(key_hash)
        if record is not None or self._arrivals.recently_missed(key_hash):
            return record
        await self.refresh(key_hash)
        if key_hash not in self._by_hash:
            await self._arrivals.wait(key_hash, wait)
        record = self._by_hash.get(key_hash)
        if record is None:
            self._arrivals.missed(key_hash)
        return record

    async def load_all(self) -> None:
        rows = await self._pool.fetch(_SELECT)
        self._by_hash = {bytes(row["key_hash"]): _record(row) for row in rows}

    async def refresh(self, key_hash: bytes) -> None:
        row = await self._pool.fetchrow(_SELECT + " WHERE key_hash = $1", key_hash)
        if row is not None:
            self._by_hash[key_hash] = _record(row)
            self._arrivals.arrived(key_hash)

    def _on_notify(self, payload: str) -> None:
        task = asyncio.get_running_loop().create_task(self.refresh(bytes.fromhex(payload)))
        self._refreshes.add(task)
        task.add_done_callback(self._refreshes.discard)

    async def run(self) -> None:
        """Listen for changes for the process's lifetime; reload everything on (re)connect and
        every `reload_interval` seconds, which covers anything missed while disconnected."""
        await listen_forever(self._database_url, self._schema, "api_keys", self._on_notify,
                             self.load_all, self._reload_interval)
