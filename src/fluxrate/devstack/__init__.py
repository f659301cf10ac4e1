"""Real PostgreSQL and a real Kafka-protocol broker on loopback, for `fluxrate dev` and tests."""

from fluxrate.devstack.broker import EmbeddedBroker
from fluxrate.devstack.ports import free_port, port_is_free
from fluxrate.devstack.postgres import EmbeddedPostgres

__all__ = ["EmbeddedBroker", "EmbeddedPostgres", "free_port", "port_is_free"]
