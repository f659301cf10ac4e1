"""Claiming idempotency keys at the edge, between two flushes on a real PostgreSQL: a key the
other flush holds uncommitted waits for it, and is taken if that flush commits and free if it
rolls back; the keys a flush inserted itself are never reported as taken."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import uuid4

import asyncpg
import pytest

from fluxrate_ingest.app import SPEC
from fluxrate_ingest.batcher import claim_keys
from tests.support.processes import eventually
from tests.support.stack import ServerStack

ORG = uuid4()


@pytest.fixture
async def pool(stack: ServerStack) -> AsyncIterator[asyncpg.Pool]:
    pool = await (await stack.new_environment()).migrated_pool(SPEC)
    yield pool
    await pool.close()


async def _waiting_on_a_lock(pool: asyncpg.Pool, backend: int) -> bool:
    waiting = await pool.fetchval("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1", backend)
    return waiting == "Lock"


async def _second_claim_while_first_open(pool: asyncpg.Pool, commit_first: bool) -> dict:
    first, second = await pool.acquire(), await pool.acquire()
    try:
        opened = first.transaction()
        await opened.start()
        assert await claim_keys(first, [(ORG, "held"), (ORG, "mine")], [b"held", b"mine"]) == {}
        async with second.transaction():
            claiming = asyncio.create_task(
                claim_keys(second, [(ORG, "held"), (ORG, "theirs")], [b"held", b"theirs"]))
            await eventually(lambda: _waiting_on_a_lock(pool, second.get_server_pid()))
            await (opened.commit() if commit_first else opened.rollback())
            return await claiming
    finally:
        await pool.release(first)
        await pool.release(second)


async def test_a_key_held_by_a_flush_that_commits_is_taken(pool: asyncpg.Pool) -> None:
    taken = await _second_claim_while_first_open(pool, commit_first=True)
    assert taken == {(ORG, "held"): b"held"}  # "theirs" was new: it is the second flush's own
    owners = dict(await pool.fetch("SELECT idempotency_key, fingerprint FROM edge_keys"))
    assert owners == {"held": b"held", "mine": b"mine", "theirs": b"theirs"}


async def test_a_key_held_by_a_flush_that_rolls_back_is_free(pool: asyncpg.Pool) -> None:
    taken = await _second_claim_while_first_open(pool, commit_first=False)
    assert taken == {}
    owners = dict(await pool.fetch("SELECT idempotency_key, fingerprint FROM edge_keys"))
    assert owners == {"held": b"held", "theirs": b"theirs"}


async def test_keys_claimed_earlier_are_taken_and_new_ones_are_not(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await claim_keys(conn, [(ORG, "a"), (ORG, "b")], [b"a", b"b"])
    async with pool.acquire() as conn, conn.transaction():
        taken = await claim_keys(conn, [(ORG, "a"), (ORG, "b"), (ORG, "c")], [b"a2", b"b", b"c"])
    assert taken == {(ORG, "a"): b"a", (ORG, "b"): b"b"}  # the first owner's fingerprints
