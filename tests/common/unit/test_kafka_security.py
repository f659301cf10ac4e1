"""Kafka TLS/SASL settings become the same client arguments for producer, consumer and admin."""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fluxrate_common.kafka.security import client_security
from fluxrate_common.settings import ServiceSettings, load_settings


def _ca_file(tmp_path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "cluster-ca")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path = tmp_path / "ca.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def test_kafka_connections_are_plaintext_unless_configured() -> None:
    assert client_security(ServiceSettings()) == {"security_protocol": "PLAINTEXT"}


def test_sasl_ssl_verifies_the_cluster_ca_and_logs_in(tmp_path: Path) -> None:
    settings = ServiceSettings(kafka_security_protocol="SASL_SSL", kafka_sasl_username="fluxrate",
                               kafka_sasl_password="s3cret", kafka_ssl_cafile=str(_ca_file(tmp_path)))
    kwargs = client_security(settings)
    context = kwargs.pop("ssl_context")
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert [c["subject"] for c in context.get_ca_certs()] == [((("commonName", "cluster-ca"),),)]
    assert kwargs == {"security_protocol": "SASL_SSL", "sasl_mechanism": "SCRAM-SHA-512",
                      "sasl_plain_username": "fluxrate", "sasl_plain_password": "s3cret"}


async def test_every_client_accepts_the_arguments(tmp_path: Path) -> None:
    settings = ServiceSettings(kafka_security_protocol="SASL_SSL", kafka_sasl_username="fluxrate",
                               kafka_sasl_password="s3cret", kafka_ssl_cafile=str(_ca_file(tmp_path)))
    for client in (AIOKafkaProducer, AIOKafkaConsumer, AIOKafkaAdminClient):
        built = client(bootstrap_servers="127.0.0.1:9", **client_security(settings))
        assert built is not None
        if hasattr(built, "_client"):
            assert built._client._security_protocol == "SASL_SSL"


@pytest.mark.parametrize(("env", "named"), [
    ({"FLUXRATE_KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "FLUXRATE_KAFKA_SASL_USERNAME"),
    ({"FLUXRATE_KAFKA_SSL_CERTFILE": "/tls/user.crt"}, "FLUXRATE_KAFKA_SSL_KEYFILE"),
    ({"FLUXRATE_KAFKA_SECURITY_PROTOCOL": "TLS"}, "FLUXRATE_KAFKA_SECURITY_PROTOCOL"),
])
def test_incomplete_security_settings_stop_the_process(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        env: dict[str, str], named: str) -> None:
    monkeypatch.setenv("FLUXRATE_KAFKA_SASL_PASSWORD", "never-printed")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit):
        load_settings(ServiceSettings)
    err = capsys.readouterr().err
    assert named in err and "never-printed" not in err
