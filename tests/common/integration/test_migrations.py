from __future__ import annotations

import asyncio

import asyncpg
import pytest

from fluxrate_common.db.migrate import (
    Migration,
    MigrationError,
    apply_migrations,
    load_migrations,
    pending_migrations,
)
from tests.support.stack import ServerStack

MIGRATIONS = [Migration("demo/0001_a.sql", "CREATE TABLE a (id int PRIMARY KEY);"),
              Migration("demo/0002_b.sql", "CREATE TABLE b (id int PRIMARY KEY);")]


async def test_applies_once_and_then_is_a_no_op(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    conn = await asyncpg.connect(environment.database_url)
    try:
        assert await pending_migrations(conn, "demo", MIGRATIONS) == [m.name for m in MIGRATIONS]
        assert await apply_migrations(conn, "demo", MIGRATIONS) == [m.name for m in MIGRATIONS]
        assert await apply_migrations(conn, "demo", MIGRATIONS) == []
        assert await pending_migrations(conn, "demo", MIGRATIONS) == []
        assert await conn.fetchval("SELECT count(*) FROM demo.b") == 0
    finally:
        await conn.close()


async def test_concurrent_replicas_apply_each_file_exactly_once(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    conns = [await asyncpg.connect(environment.database_url) for _ in range(4)]
    try:
        results = await asyncio.gather(*(apply_migrations(c, "race", MIGRATIONS) for c in conns))
        assert sorted(len(r) for r in results) == [0, 0, 0, 2]
    finally:
        for conn in conns:
            await conn.close()


async def test_a_file_changed_after_it_was_applied_is_refused(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    conn = await asyncpg.connect(environment.database_url)
    try:
        await apply_migrations(conn, "demo", MIGRATIONS)
        edited = [MIGRATIONS[0], Migration("demo/0002_b.sql", "CREATE TABLE b (x int);")]
        with pytest.raises(MigrationError, match=r"0002_b\.sql changed"):
            await apply_migrations(conn, "demo", edited)
    finally:
        await conn.close()


async def test_a_failing_file_leaves_the_schema_untouched(stack: ServerStack) -> None:
    environment = await stack.new_environment()
    conn = await asyncpg.connect(environment.database_url)
    try:
        broken = [MIGRATIONS[0], Migration("demo/0002_bad.sql", "CREATE TABLE oops (;")]
        with pytest.raises(asyncpg.PostgresSyntaxError):
            await apply_migrations(conn, "demo", broken)
        assert await conn.fetchval("SELECT to_regclass('demo.a')") is None
    finally:
        await conn.close()


def test_common_tables_come_before_the_service_tables() -> None:
    names = [m.name for m in load_migrations("tests.support.crashdemo")]
    assert names[0].startswith("common/") and names[-1].startswith("tests.support.crashdemo/")
