"""What every aiokafka client (producer, consumer, admin) needs to reach a secured cluster."""

from __future__ import annotations

from typing import Any

from aiokafka.helpers import create_ssl_context

from fluxrate_common.settings import ServiceSettings


def client_security(settings: ServiceSettings) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client: TLS and SASL as the settings say."""
    protocol = settings.kafka_security_protocol
    kwargs: dict[str, Any] = {"security_protocol": protocol}
    if protocol in ("SSL", "SASL_SSL"):
        kwargs["ssl_context"] = create_ssl_context(
            cafile=settings.kafka_ssl_cafile or None,
            certfile=settings.kafka_ssl_certfile or None,
            keyfile=settings.kafka_ssl_keyfile or None)
    if protocol.startswith("SASL_"):
        kwargs.update(sasl_mechanism=settings.kafka_sasl_mechanism,
                      sasl_plain_username=settings.kafka_sasl_username,
                      sasl_plain_password=settings.kafka_sasl_password.get_secret_value())
    return kwargs
