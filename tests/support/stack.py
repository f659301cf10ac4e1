"""The real PostgreSQL and broker the test run starts for itself (or is pointed at).

`FLUXRATE_TEST_DATABASE_URL` (an admin URL) and `FLUXRATE_TEST_KAFKA` use external servers
instead; nothing ever skips because a server is missing.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from fluxrate_common.app import ServiceSpec, migrate_schema
from fluxrate_common.db.pool import create_pool
from fluxrate_common.settings import ServiceSettings
from fluxrate_platform.devstack import EmbeddedBroker, EmbeddedPostgres, free_port

TEST_JWT_SECRET = "test-secret-0123456789-0123456789-0123456789"
TEST_ENCRYPTION_KEY = "q3WbbmFxdw4gRfW0oPYO-vbI3hQv7GtRvTkR8rrsbvs="
OPERATOR_TOKEN = "test-operator-token-0123456789"
TEST_KAFKA_TIMINGS = {
    "FLUXRATE_KAFKA_SESSION_TIMEOUT_MS": "2000",
    "FLUXRATE_KAFKA_HEARTBEAT_INTERVAL_MS": "300",
    "FLUXRATE_KAFKA_FETCH_MAX_WAIT_MS": "20",
    "FLUXRATE_KAFKA_DEFAULT_PARTITIONS": "3",
    "FLUXRATE_KAFKA_USAGE_PARTITIONS": "6",
}

# Tests send far faster than any one caller should in production (loops of requests with one
# key, proofs that resend thousands of events at once): the limits are raised for them. Tests of
# the limits themselves set their own; the defaults are what production gets.
TEST_RATE_LIMITS = {
    "FLUXRATE_RATE_LIMIT_PER_KEY": "1000000",
    "FLUXRATE_RATE_LIMIT_PER_ORG": "1000000",
    "FLUXRATE_INGEST_RATE_LIMIT_PER_KEY": "100000000",
    "FLUXRATE_INGEST_RATE_LIMIT_PER_ORG": "100000000",
}


@dataclass
class Environment:
    """One isolated world on the shared servers: its own database and topic namespace."""

    database_url: str
    namespace: str
    kafka: str
    env: dict[str, str] = field(default_factory=dict)

    def settings(self) -> ServiceSettings:
        """The settings a service started in this environment reads from its variables."""
        return ServiceSettings(**{k.removeprefix("FLUXRATE_").lower(): v for k, v in self.env.items()})

    async def migrated_pool(self, spec: ServiceSpec) -> asyncpg.Pool:
        """A pool as `spec`'s service opens one here, on its schema, migrated."""
        settings = self.settings()
        await migrate_schema(settings, spec)
        return await create_pool(settings.database_url, spec.name)


@dataclass
class ServerStack:
    admin_url: str
    kafka: str
    postgres: EmbeddedPostgres | None = None
    broker: EmbeddedBroker | None = None

    @classmethod
    def start(cls, workdir: Path) -> ServerStack:
        admin_url = os.environ.get("FLUXRATE_TEST_DATABASE_URL")
        kafka = os.environ.get("FLUXRATE_TEST_KAFKA")
        postgres = broker = None
        if admin_url is None:
            postgres = EmbeddedPostgres(workdir / "pgdata", free_port(), ephemeral=True)
            postgres.start()
            admin_url = postgres.admin_url
        if kafka is None:
            broker = EmbeddedBroker(free_port(), workdir / "broker.log")
            broker.start()
            kafka = broker.bootstrap_servers
        return cls(admin_url, kafka, postgres, broker)

    def stop(self) -> None:
        if self.broker is not None:
            self.broker.stop()
        if self.postgres is not None:
            self.postgres.stop()

    async def new_environment(self, **extra_env: str) -> Environment:
        name = "t" + uuid.uuid4().hex[:12]
        conn = await asyncpg.connect(self.admin_url)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        database_url = self.admin_url.rsplit("/", 1)[0] + "/" + name
        env = {
            "FLUXRATE_DATABASE_URL": database_url,
            "FLUXRATE_KAFKA_BOOTSTRAP_SERVERS": self.kafka,
            "FLUXRATE_KAFKA_NAMESPACE": name,
            "FLUXRATE_KAFKA_ENABLE_IDEMPOTENCE": "false",
            "FLUXRATE_LOG_LEVEL": "WARNING",
            "FLUXRATE_COOKIE_SECURE": "false",
            "FLUXRATE_JWT_SECRET": TEST_JWT_SECRET,
            "FLUXRATE_ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY,
            "FLUXRATE_API_KEY_USAGE_FLUSH_SECONDS": "0.5",
            **TEST_KAFKA_TIMINGS,
            **TEST_RATE_LIMITS,
            **extra_env,
        }
        return Environment(database_url, name, self.kafka, env)
