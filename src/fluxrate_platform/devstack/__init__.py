"""Real PostgreSQL and a real Kafka-protocol broker on loopback, for `fluxrate dev` and tests."""

from fluxrate_platform.devstack.broker import EmbeddedBroker
from fluxrate_platform.devstack.ports import free_port, port_is_free
from fluxrate_platform.devstack.postgres import EmbeddedPostgres

__all__ = ["EmbeddedBroker", "EmbeddedPostgres", "free_port", "port_is_free"]
