"""What `fluxrate dev` starts for itself: embedded PostgreSQL and broker, unless settings point
at external ones, and the development secrets, generated once and kept in the data dir."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet

from fluxrate_platform.devstack import EmbeddedBroker, EmbeddedPostgres, free_port, port_is_free
from fluxrate_platform.devstack.mail import MailSink

DATABASE = "fluxrate"


def _port(preferred: int) -> int:
    return preferred if port_is_free(preferred) else free_port()


def dev_secrets(data_dir: Path) -> dict[str, str]:
    path = data_dir / "dev-secrets.json"
    if not path.exists():
        path.write_text("{}")
        path.chmod(0o600)
    kept = json.loads(path.read_text())
    wanted = {"FLUXRATE_JWT_SECRET": lambda: secrets.token_urlsafe(48),
              "FLUXRATE_ENCRYPTION_KEYS": lambda: Fernet.generate_key().decode(),
              "FLUXRATE_OPERATOR_TOKEN": lambda: secrets.token_urlsafe(32)}
    if missing := {name: make() for name, make in wanted.items() if name not in kept}:
        kept.update(missing)  # a data dir from before a secret existed gets it now
        path.write_text(json.dumps(kept))
    return kept


@dataclass
class LocalStack:
    data_dir: Path
    postgres_port: int = 54329
    broker_port: int = 19092
    postgres: EmbeddedPostgres | None = None
    broker: EmbeddedBroker | None = None
    mail: MailSink | None = None
    env: dict[str, str] = field(default_factory=dict)

    def start(self) -> dict[str, str]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if "FLUXRATE_DATABASE_URL" not in os.environ:
            self.postgres = EmbeddedPostgres(self.data_dir / "pgdata", _port(self.postgres_port))
            self.postgres.start()
            self.env["FLUXRATE_DATABASE_URL"] = self.postgres.create_database(DATABASE)
        if "FLUXRATE_KAFKA_BOOTSTRAP_SERVERS" not in os.environ:
            self.broker = EmbeddedBroker(_port(self.broker_port), self.data_dir / "broker.log")
            self.broker.start()
            self.env.update({
                "FLUXRATE_KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap_servers,
                "FLUXRATE_KAFKA_ENABLE_IDEMPOTENCE": "false",
                # The dev broker forgets everything when it stops: publish the outbox again so
                # every consumer's read model catches up (the inboxes drop what they had), and
                # every acknowledged usage message the aggregator had not confirmed yet.
                "FLUXRATE_OUTBOX_REPUBLISH_ON_START": "true",
                "FLUXRATE_INGEST_REDELIVER_ON_START": "true",
            })
        if "FLUXRATE_SMTP_HOST" not in os.environ:
            self.mail = MailSink(_port(1025), self.maildir)
            self.mail.start()
            self.env.update({"FLUXRATE_SMTP_HOST": "127.0.0.1",
                             "FLUXRATE_SMTP_PORT": str(self.mail.port)})
        for name, value in dev_secrets(self.data_dir).items():
            self.env.setdefault(name, value)
        return self.env

    async def watch(self, interval: float = 1.0) -> str:
        """Returns once an embedded server has exited, saying which."""
        while True:
            for name, server in (("the embedded PostgreSQL", self.postgres),
                                 ("the embedded broker", self.broker)):
                if server is not None and server.process is not None and server.process.poll() is not None:
                    return f"{name} exited unexpectedly (code {server.process.returncode})"
            await asyncio.sleep(interval)

    @property
    def maildir(self) -> Path:
        return self.data_dir / "mail"

    def stop(self) -> None:
        if self.mail is not None:
            self.mail.stop()
        if self.broker is not None:
            self.broker.stop()
        if self.postgres is not None:
            self.postgres.stop()


DEV_DEFAULTS = {
    "FLUXRATE_COOKIE_SECURE": "false",
    "FLUXRATE_LOG_FORMAT": "console",
    "FLUXRATE_KAFKA_SESSION_TIMEOUT_MS": "6000",
    "FLUXRATE_KAFKA_HEARTBEAT_INTERVAL_MS": "1000",
    "FLUXRATE_DB_POOL_MIN_SIZE": "1",
    "FLUXRATE_DB_POOL_MAX_SIZE": "5",
    # Webhook receivers on this machine (a local server, a tunnel) are what development wants.
    "FLUXRATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS": "true",
    "FLUXRATE_LOGOS_ALLOW_PRIVATE_TARGETS": "true",  # and logos served from this machine
}


def apply_env(values: dict[str, str]) -> None:
    """Values the user already set win."""
    for name, value in {**DEV_DEFAULTS, **values}.items():
        os.environ.setdefault(name, value)
