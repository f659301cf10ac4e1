"""The sessions every service refuses before their access tokens expire, held in memory.

Every service verifies access tokens locally (HS256), so signing out must reach each of them.
Identity publishes `session.revoked` through its outbox; each service applies it to its own
`revoked_sessions` table (inbox, exactly once), whose trigger NOTIFYs the process, which adds
the session to this in-memory set: a set lookup per request, no I/O. The path is the one API-key
revocations take (outbox relay woken by NOTIFY, Kafka, consumer, NOTIFY), tens of milliseconds;
a full reload every minute covers a dropped listener. Identity also marks its own set at once.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from uuid import UUID

import asyncpg

from fluxrate_common.events import Envelope
from fluxrate_common.events.identity import SESSION_REVOKED
from fluxrate_common.listen import listen_forever

_UPSERT = (
    "INSERT INTO revoked_sessions (session_id, org_id, expires_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (session_id) DO UPDATE SET expires_at = greatest(revoked_sessions.expires_at,"
    " excluded.expires_at)"
)
_LIVE = "SELECT session_id, expires_at FROM revoked_sessions WHERE expires_at > now()"


async def record_revoked_session(conn: asyncpg.Connection, session_id: UUID, org_id: UUID,
                                 expires_at: datetime) -> None:
    await conn.execute(_UPSERT, session_id, org_id, expires_at)


async def apply_session_event(conn: asyncpg.Connection, event: Envelope) -> None:
    if SESSION_REVOKED.matches(event):
        revoked = SESSION_REVOKED.parse(event)
        await record_revoked_session(conn, revoked.id, event.org_id, revoked.expires_at)


class RevokedSessions:
    def __init__(self, pool: asyncpg.Pool, database_url: str, schema: str,
                 reload_interval: float = 60.0) -> None:
        self._pool = pool
        self._database_url = database_url
        self._schema = schema
        self._reload_interval = reload_interval
        self._until: dict[UUID, float] = {}  # session -> when its last token expires (epoch s)
        self._refreshes: set[asyncio.Task[None]] = set()

    def is_revoked(self, session_id: UUID) -> bool:
        return session_id in self._until

    def revoked_now(self, session_id: UUID, expires_at: datetime) -> None:
        """The revoking process itself: refuse at once, before the NOTIFY comes back."""
        self._until[session_id] = expires_at.timestamp()

    async def load_all(self) -> None:
        """Everything still relevant; expired rows are dropped from the table and the set."""
        await self._pool.execute("DELETE FROM revoked_sessions WHERE expires_at < now()"
                                 " - interval '1 hour'")
        rows = await self._pool.fetch(_LIVE)
        now = time.time()
        fresh = {row["session_id"]: row["expires_at"].timestamp() for row in rows}
        # Keep what was marked directly and has not reached the table's reader yet.
        fresh.update({sid: until for sid, until in self._until.items() if until > now})
        self._until = fresh

    async def refresh(self, session_id: UUID) -> None:
        row = await self._pool.fetchrow(_LIVE + " AND session_id = $1", session_id)
        if row is not None:
            self._until[session_id] = row["expires_at"].timestamp()

    def _on_notify(self, payload: str) -> None:
        task = asyncio.get_running_loop().create_task(self.refresh(UUID(payload)))
        self._refreshes.add(task)
        task.add_done_callback(self._refreshes.discard)

    async def run(self) -> None:
        await listen_forever(self._database_url, self._schema, "sessions", self._on_notify,
                             self.load_all, self._reload_interval)
