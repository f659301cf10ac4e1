"""docker-compose.yml is run by users, not here (no Docker on the test machines): check that it
persists what must survive `down`/`up`, commits no secret, pins its images, publishes only on
loopback by default, and names only what exists in the code."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml

from fluxrate_common.routing import SERVICES
from fluxrate_common.settings import ServiceSettings
from fluxrate_platform.secrets import GENERATED
from tests.support.settings_names import known_setting_names

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(TEXT)
SECRETS_DIR = "/var/lib/fluxrate/secrets"


def _scripts(service: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    return project["project"]["scripts"]


def _mounts(service: str) -> dict[str, str]:
    return dict(m.split(":")[:2] for m in COMPOSE["services"][service].get("volumes", []))


def test_kafka_runs_kraft_and_keeps_its_log_on_the_volume() -> None:
    kafka = COMPOSE["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    assert "KAFKA_CONTROLLER_QUORUM_VOTERS" in kafka["environment"]
    log_dirs = kafka["environment"]["KAFKA_LOG_DIRS"]
    assert _mounts("kafka")["kafka-data"] == log_dirs  # not the image's /tmp default


def test_postgres_keeps_its_data_on_a_volume() -> None:
    assert COMPOSE["services"]["postgres"]["image"].startswith("postgres:16.")
    assert _mounts("postgres")["postgres-data"] == "/var/lib/postgresql/data"
    assert {"postgres-data", "kafka-data", "fluxrate-secrets"} <= set(COMPOSE["volumes"])


def test_images_are_pinned_to_versions() -> None:
    for name, service in COMPOSE["services"].items():
        image = service["image"]
        tag = image.rsplit(":", 1)[1] if ":" in image.split("/")[-1] else ""
        assert tag and tag != "latest" and re.search(r"\d", tag), f"{name}: {image}"


def test_no_secret_is_committed_and_every_secret_is_generated_once() -> None:
    assert not re.search(r"(SECRET|KEYS|PASSWORD)\s*:\s*\S", TEXT.replace("_FILE:", "_FILE_REF:"))
    assert COMPOSE["services"]["secrets"]["command"] == ["fluxrate", "secrets", SECRETS_DIR]
    assert COMPOSE["services"]["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == (
        f"{SECRETS_DIR}/postgres-password")
    assert {"FLUXRATE_JWT_SECRET", "FLUXRATE_ENCRYPTION_KEYS", "postgres-password", "pgpass"} <= set(
        GENERATED)
    assert COMPOSE["services"]["postgres"]["depends_on"]["secrets"]["condition"] == (
        "service_completed_successfully")


def test_only_loopback_is_published_by_default() -> None:
    published = [(name, port) for name, s in COMPOSE["services"].items() for port in s.get("ports", [])]
    assert {name for name, _ in published} == {"gateway", "mail"}
    for _, port in published:
        assert port.startswith("${BIND_ADDRESS:-127.0.0.1}:"), port


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_its_own_entry_point_from_the_one_dockerfile(service: str) -> None:
    definition = COMPOSE["services"][service]
    assert definition["build"] == "."
    (command,) = definition["command"]
    assert command == f"fluxrate-{service}"
    assert command in _scripts(service)
    assert _mounts(service)["fluxrate-secrets"] == SECRETS_DIR


@pytest.mark.parametrize("service", SERVICES)
def test_environment_names_only_real_settings(service: str) -> None:
    environment = COMPOSE["services"][service]["environment"]
    unknown = set(environment) - known_setting_names() - {"PGPASSFILE"}
    assert not unknown, f"compose sets settings the code does not read: {unknown}"
    assert environment["FLUXRATE_SECRETS_DIR"] == SECRETS_DIR
    assert environment["PGPASSFILE"] == f"{SECRETS_DIR}/pgpass"
    host, port = environment["FLUXRATE_KAFKA_BOOTSTRAP_SERVERS"].split(":")
    assert host in COMPOSE["services"] and port in COMPOSE["services"]["kafka"]["environment"][
        "KAFKA_LISTENERS"]
    assert environment["FLUXRATE_DATABASE_URL"] == "postgresql://fluxrate@postgres:5432/fluxrate"
    assert environment["FLUXRATE_AGGREGATOR_URL"] == "http://aggregator:8080"
    assert environment["FLUXRATE_INVOICING_URL"] == "http://invoicing:8080"
    plain = {k: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", v) for k, v in environment.items()
             if k.startswith("FLUXRATE_")}
    assert plain["FLUXRATE_SMTP_HOST"] in COMPOSE["services"]
    ServiceSettings(**{k.removeprefix("FLUXRATE_").lower(): v for k, v in plain.items()})


def test_gateway_routes_to_every_service_port() -> None:
    command = COMPOSE["services"]["gateway"]["command"]
    upstreams = dict(arg.removeprefix("--upstream=").split("=", 1)
                     for arg in command if arg.startswith("--upstream="))
    assert set(upstreams) == set(SERVICES)
    for service, url in upstreams.items():
        assert url == f"http://{service}:8080"
