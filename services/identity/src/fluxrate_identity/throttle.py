"""Login throttling, kept in PostgreSQL: every identity replica sees the same failures."""

from __future__ import annotations

import asyncio
import math
from datetime import datetime, timedelta

import asyncpg

from fluxrate_common.http.ratelimit import RateLimited
from fluxrate_identity.domain.throttle import (
    NO_WAIT,
    Failures,
    ThrottlePolicy,
    after_failure,
    wait_needed,
)

_ENSURE = ("INSERT INTO login_failures (subject, failures, last_failure_at) VALUES ($1, 0, $2)"
           " ON CONFLICT (subject) DO NOTHING")
_LOCK = ("SELECT subject, failures, last_failure_at, locked_until FROM login_failures"
         " WHERE subject = ANY($1::text[]) ORDER BY subject FOR UPDATE")
_SAVE = ("UPDATE login_failures SET failures = $2, last_failure_at = $3, locked_until = $4"
         " WHERE subject = $1")
_PRUNE = ("DELETE FROM login_failures WHERE last_failure_at < $1"
          " AND (locked_until IS NULL OR locked_until < now())")


def throttled(wait: timedelta) -> RateLimited:
    seconds = max(1, math.ceil(wait.total_seconds()))
    return RateLimited("login_throttled",
                       f"too many failed sign-ins; try again in {seconds} s",
                       headers={"Retry-After": str(seconds)})


class LoginThrottle:
    def __init__(self, pool: asyncpg.Pool, per_account: ThrottlePolicy,
                 per_client: ThrottlePolicy) -> None:
        self._pool = pool
        self._account = per_account
        self._client = per_client

    async def admit(self, email: str, client: str, now: datetime) -> None:
        """Refuse (429) while the account or the client is locked. Otherwise count the attempt
        as a failure of the account in advance, so that concurrent guesses meet the lock it may
        set; a successful sign-in forgets it."""
        account, client_subject = f"account:{email}", f"client:{client}"
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(_ENSURE, account, now)
            state = await _locked(conn, [account, client_subject])
            wait = max(wait_needed(state.get(account), now),
                       wait_needed(state.get(client_subject), now))
            if wait > NO_WAIT:
                raise throttled(wait)
            await _save(conn, account, after_failure(state.get(account), self._account, now))

    async def failed(self, client: str, now: datetime) -> None:
        subject = f"client:{client}"
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(_ENSURE, subject, now)
            state = await _locked(conn, [subject])
            await _save(conn, subject, after_failure(state.get(subject), self._client, now))

    async def succeeded(self, email: str) -> None:
        await self._pool.execute("DELETE FROM login_failures WHERE subject = $1",
                                 f"account:{email}")

    async def prune_forever(self, interval: float = 3600.0) -> None:
        memory = max(self._account.memory, self._client.memory)
        while True:
            await self._pool.execute(_PRUNE, datetime.now().astimezone() - memory)
            await asyncio.sleep(interval)


async def _locked(conn: asyncpg.Connection, subjects: list[str]) -> dict[str, Failures]:
    rows = await conn.fetch(_LOCK, subjects)
    return {row["subject"]: Failures(row["failures"], row["last_failure_at"], row["locked_until"])
            for row in rows}


async def _save(conn: asyncpg.Connection, subject: str, failures: Failures) -> None:
    await conn.execute(_SAVE, subject, failures.count, failures.last_failure_at,
                       failures.locked_until)
