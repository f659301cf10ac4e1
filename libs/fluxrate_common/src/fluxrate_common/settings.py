"""Settings shared by every service: read from `FLUXRATE_*` environment variables.

Each service subclasses `ServiceSettings`. `load_settings` validates at start-up and exits with
a message naming the bad variable, so a typo never becomes a half-working process.
"""

from __future__ import annotations

import base64
import os
import sys
from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "FLUXRATE_"


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    # HTTP
    http_host: str = "0.0.0.0"
    http_port: int = Field(8080, ge=1, le=65535)
    max_request_bytes: int = Field(4 * 1024 * 1024, ge=1024)

    # PostgreSQL: one database; each service owns a schema named after it.
    database_url: str = "postgresql://postgres@127.0.0.1:5432/fluxrate"
    db_pool_min_size: int = Field(2, ge=1)
    db_pool_max_size: int = Field(10, ge=1)
    # Apply this service's migrations at start-up (development). In production a migrate Job
    # applies them with the schema owner's role and services only wait until their schema is current.
    migrate_on_start: bool = True

    # Kafka
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_namespace: str = Field("fluxrate", pattern=r"^[a-z][a-z0-9_-]*$")
    kafka_enable_idempotence: bool = True
    kafka_session_timeout_ms: int = Field(10_000, ge=1000)
    kafka_heartbeat_interval_ms: int = Field(3_000, ge=100)
    kafka_fetch_max_wait_ms: int = Field(100, ge=1)
    kafka_request_timeout_ms: int = Field(10_000, ge=1000)
    kafka_default_partitions: int = Field(6, ge=1)
    kafka_usage_partitions: int = Field(12, ge=1)
    kafka_replication_factor: int = Field(1, ge=1)
    # Kafka transport security (Strimzi: SASL_SSL with SCRAM-SHA-512 and the cluster CA file).
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_sasl_username: str = ""
    kafka_sasl_password: SecretStr = SecretStr("")
    kafka_ssl_cafile: str = ""  # CA bundle to verify the brokers; empty: the system's
    kafka_ssl_certfile: str = ""  # client certificate (mutual TLS), with kafka_ssl_keyfile
    kafka_ssl_keyfile: str = ""

    # Outbox relay
    outbox_batch_size: int = Field(500, ge=1)
    outbox_poll_interval_ms: int = Field(500, ge=10)
    outbox_retention_hours: int = Field(168, ge=1)
    outbox_republish_on_start: bool = False

    # Auth: a shared HS256 secret lets every service verify sessions without calling identity.
    jwt_secret: SecretStr = SecretStr("")
    access_token_ttl_seconds: int = Field(900, ge=60)
    refresh_token_ttl_seconds: int = Field(30 * 24 * 3600, ge=300)
    cookie_secure: bool = True
    api_key_usage_flush_seconds: float = Field(15.0, gt=0)
    read_model_wait_ms: int = Field(1000, ge=0, le=10_000)
    # Fair share, per service replica: requests per second (ingest counts events, below).
    rate_limit_per_key: int = Field(100, ge=1)
    rate_limit_per_org: int = Field(200, ge=1)
    # Comma-separated Fernet keys, newest first; older keys only decrypt (rotation).
    encryption_keys: SecretStr = SecretStr("")
    # The operator API (dead letters of every org); unset, it does not exist.
    operator_token: SecretStr = SecretStr("")
    # A directory of files named after settings (FLUXRATE_JWT_SECRET, ...), each holding its
    # value: mounted secrets; a variable in the environment wins over its file.
    secrets_dir: str = ""

    # Logging
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"

    @field_validator("jwt_secret")
    @classmethod
    def _jwt_secret_is_long_enough(cls, value: SecretStr) -> SecretStr:
        if 0 < len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters")
        return value

    @field_validator("encryption_keys")
    @classmethod
    def _fernet_keys(cls, value: SecretStr) -> SecretStr:
        keys = [k.strip() for k in value.get_secret_value().split(",") if k.strip()]
        for key in keys:
            try:
                valid = len(base64.urlsafe_b64decode(key.encode())) == 32
            except ValueError:
                valid = False
            if not valid:
                raise ValueError("must be comma-separated Fernet keys (url-safe base64 of 32 bytes)")
        return value

    @model_validator(mode="after")
    def _kafka_security_is_complete(self) -> ServiceSettings:
        if self.kafka_security_protocol.startswith("SASL_") and not (
                self.kafka_sasl_username and self.kafka_sasl_password.get_secret_value()):
            raise ValueError("FLUXRATE_KAFKA_SASL_USERNAME and FLUXRATE_KAFKA_SASL_PASSWORD are"
                             f" required with {self.kafka_security_protocol}")
        if bool(self.kafka_ssl_certfile) != bool(self.kafka_ssl_keyfile):
            raise ValueError("FLUXRATE_KAFKA_SSL_CERTFILE and FLUXRATE_KAFKA_SSL_KEYFILE go together")
        return self

    def require_secrets(self) -> None:
        """Services that sign or verify sessions call this at start-up; exits 2 if unset."""
        missing = [name for name, value in (("FLUXRATE_JWT_SECRET", self.jwt_secret),
                                            ("FLUXRATE_ENCRYPTION_KEYS", self.encryption_keys))
                   if not value.get_secret_value()]
        if missing:
            print("invalid settings:\n" + "\n".join(f"  {name}: is required" for name in missing),
                  file=sys.stderr)
            raise SystemExit(2)


S = TypeVar("S", bound=ServiceSettings)


def describe_validation_error(error: ValidationError) -> str:
    lines = []
    for issue in error.errors():
        name = (ENV_PREFIX + "_".join(str(part) for part in issue["loc"]).upper()
                if issue["loc"] else "settings")
        # A whole-model error's input is every setting, secrets included: never echo it.
        secret = not issue["loc"] or any(word in name for word in ("SECRET", "KEY", "PASSWORD"))
        got = "" if secret else f" (got {issue.get('input')!r})"
        lines.append(f"  {name}: {issue['msg']}{got}")
    return "invalid settings:\n" + "\n".join(lines)


def load_settings(settings_cls: type[S], **overrides: object) -> S:
    """Read settings from the environment; on a bad value print what is wrong and exit 2."""
    secrets_dir = os.environ.get(ENV_PREFIX + "SECRETS_DIR") or None
    try:
        return settings_cls(_secrets_dir=secrets_dir, **overrides)
    except ValidationError as error:
        print(describe_validation_error(error), file=sys.stderr)
        raise SystemExit(2) from None
