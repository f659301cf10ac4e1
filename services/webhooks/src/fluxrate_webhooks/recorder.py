"""The recorder: settles attempts in batches — the attempt row, the delivery's next step
(succeeded, tried again later, or failed for good), and the endpoint's health: since when every
attempt has failed (housekeeping disables it once that has lasted too long).

A delivery is settled only by the attempt that holds its claim; a result lost with a killed
process leaves the delivery to be sent again when its lease ends (at least once)."""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from fluxrate_common.db.applier import TRANSIENT
from fluxrate_common.logging import get_logger
from fluxrate_webhooks.domain.retries import RetryPolicy
from fluxrate_webhooks.metrics import ATTEMPT_LATENCY, ATTEMPTS
from fluxrate_webhooks.sender import Outcome

log = get_logger("fluxrate.webhooks.recorder")
BATCH = 1000

_ATTEMPTS = (
    "INSERT INTO attempts (delivery_id, attempted_at, status_code, latency_ms, response_excerpt,"
    " error) SELECT a.* FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::int[],"
    " $5::text[], $6::text[]) AS a(d, t, s, l, r, e)"
    " WHERE EXISTS (SELECT 1 FROM deliveries WHERE id = a.d)"
)
_SETTLE = (
    "UPDATE deliveries d SET status = u.status, next_attempt_at = u.next_at, claim = NULL,"
    " last_attempt_at = u.at, last_status_code = u.code, last_error = u.error,"
    " succeeded_at = CASE WHEN u.status = 'succeeded' THEN u.at ELSE d.succeeded_at END"
    " FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[],"
    " $6::int[], $7::text[]) AS u(id, claim, status, next_at, at, code, error)"
    " WHERE d.id = u.id AND d.claim = u.claim"
)
_FAILING = (
    "UPDATE endpoints e SET failing_since = coalesce(e.failing_since, u.at)"
    " FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE e.id = u.id"
)
@dataclass(frozen=True)
class Result:
    delivery_id: UUID
    claim: UUID
    endpoint_id: UUID
    round_attempts: int  # this attempt's number in its round
    round_started_at: datetime
    attempted_at: datetime
    outcome: Outcome

    def described(self) -> str:
        o = self.outcome
        return o.error or f"HTTP {o.status_code}"


class Recorder:
    def __init__(self, pool: asyncpg.Pool, policy: RetryPolicy,
                 rng: random.Random | None = None) -> None:
        self._pool = pool
        self._policy = policy
        self._rng = rng or random.Random()
        self._queue: asyncio.Queue[Result] = asyncio.Queue()

    def put(self, result: Result) -> None:
        self._queue.put_nowait(result)

    async def run(self) -> None:
        try:
            while True:
                batch = [await self._queue.get()]
                await self._write_until_done(self._more(batch))
        finally:  # shutting down: settle what is known (else it is only sent again)
            left = self._more([])
            if left:
                with contextlib.suppress(Exception):
                    await self.write(left)

    def _more(self, batch: list[Result]) -> list[Result]:
        while len(batch) < BATCH and not self._queue.empty():
            batch.append(self._queue.get_nowait())
        return batch

    async def _write_until_done(self, batch: list[Result]) -> None:
        while True:
            try:
                await self.write(batch)
                return
            except TRANSIENT as error:
                log.warning("webhook_results_retry", error=repr(error), results=len(batch))
                await asyncio.sleep(1.0)

    async def write(self, batch: list[Result]) -> None:
        settle = [self._next_step(r) for r in batch]
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(_ATTEMPTS, *_columns([
                (r.delivery_id, r.attempted_at, r.outcome.status_code, r.outcome.latency_ms,
                 r.outcome.excerpt, r.outcome.error) for r in batch]))
            await conn.execute(_SETTLE, *_columns(settle))
            await self._endpoint_health(conn, batch)
        for result, step in zip(batch, settle, strict=True):
            ATTEMPTS.labels(step[2] if step[2] != "pending" else "retrying").inc()
            ATTEMPT_LATENCY.observe(result.outcome.latency_ms / 1000)

    def _next_step(self, r: Result) -> tuple[object, ...]:
        o = r.outcome
        if o.succeeded:
            status, next_at = "succeeded", r.attempted_at
        else:
            later = self._policy.next_attempt(r.round_started_at, r.round_attempts,
                                              r.attempted_at, self._rng)
            status, next_at = ("failed", r.attempted_at) if later is None else ("pending", later)
        return (r.delivery_id, r.claim, status, next_at, r.attempted_at, o.status_code, o.error)

    async def _endpoint_health(self, conn: asyncpg.Connection, batch: list[Result]) -> None:
        succeeded = {r.endpoint_id for r in batch if r.outcome.succeeded}
        failed = {r.endpoint_id: r for r in batch if not r.outcome.succeeded}
        failed = {e: r for e, r in failed.items() if e not in succeeded}
        if succeeded:
            await conn.execute("UPDATE endpoints SET failing_since = NULL WHERE id = ANY($1::uuid[])"
                               " AND failing_since IS NOT NULL", list(succeeded))
        if not failed:
            return
        await conn.execute(_FAILING, list(failed), [r.attempted_at for r in failed.values()])

def _columns(rows: list[tuple[object, ...]]) -> list[list[object]]:
    return [list(column) for column in zip(*rows, strict=True)]
