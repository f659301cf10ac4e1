"""Apply a service's SQL migrations to its schema, once, under an advisory lock.

Why not a migration framework: the lock here is `pg_advisory_xact_lock`, which PostgreSQL drops
when the holder's connection dies, so a pod killed mid-migration never leaves a stale lock row
behind; all files of a run apply in one transaction (PostgreSQL DDL is transactional), and the
only driver is the asyncpg the services already use. A file changed after it was applied is
refused by checksum, never silently skipped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

import asyncpg

COMMON_MIGRATIONS = ("fluxrate_common", "migrations")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def _files(folder: Traversable, label: str) -> list[Migration]:
    entries = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [Migration(f"{label}/{entry.name}", entry.read_text()) for entry in entries]


def load_migrations(package: str, folder: str = "migrations") -> list[Migration]:
    """The common tables (outbox, inbox, events, read models) first, then the service's own."""
    common = _files(resources.files(COMMON_MIGRATIONS[0]) / COMMON_MIGRATIONS[1], "common")
    return common + _files(resources.files(package) / folder, package)


def advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


async def apply_migrations(conn: asyncpg.Connection, schema: str,
                           migrations: list[Migration]) -> list[str]:
    """Returns the names applied by this call (empty when the schema was up to date)."""
    applied_now: list[str] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", advisory_key(f"migrate:{schema}"))
        await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        await conn.execute(f'SET LOCAL search_path TO "{schema}"')
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY,"
            " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = dict(await conn.fetch("SELECT name, checksum FROM schema_migrations"))
        for migration in migrations:
            if migration.name in done:
                if done[migration.name] != migration.checksum:
                    raise MigrationError(f"{schema}: {migration.name} changed after it was applied")
                continue
            await conn.execute(migration.sql)
            await conn.execute(
                "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                migration.name, migration.checksum,
            )
            applied_now.append(migration.name)
    return applied_now


async def pending_migrations(conn: asyncpg.Connection, schema: str,
                             migrations: list[Migration]) -> list[str]:
    exists = await conn.fetchval(
        "SELECT to_regclass($1) IS NOT NULL", f'"{schema}".schema_migrations'
    )
    done = set()
    if exists:
        done = {r[0] for r in await conn.fetch(f'SELECT name FROM "{schema}".schema_migrations')}
    return [m.name for m in migrations if m.name not in done]
