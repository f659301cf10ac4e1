"""docker-compose.yml is run by users, not here: check that what it names exists in the code."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from fluxrate_common.routing import SERVICES
from fluxrate_common.settings import ServiceSettings
from tests.support.settings_names import known_setting_names

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _scripts(service: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    return project["project"]["scripts"]


def test_runs_kafka_in_kraft_mode_and_postgres_16() -> None:
    kafka = COMPOSE["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    assert "KAFKA_CONTROLLER_QUORUM_VOTERS" in kafka["environment"]
    assert COMPOSE["services"]["postgres"]["image"] == "postgres:16"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_runs_its_own_entry_point_from_the_one_dockerfile(service: str) -> None:
    definition = COMPOSE["services"][service]
    assert definition["build"] == "."
    (command,) = definition["command"]
    assert command == f"fluxrate-{service}"
    assert command in _scripts(service)
    assert (ROOT / "Dockerfile").exists()


@pytest.mark.parametrize("service", SERVICES)
def test_environment_names_only_real_settings(service: str) -> None:
    environment = COMPOSE["services"][service]["environment"]
    unknown = set(environment) - known_setting_names()
    assert not unknown, f"compose sets settings the code does not read: {unknown}"
    assert int(environment["FLUXRATE_HTTP_PORT"]) == 8080
    host, port = environment["FLUXRATE_KAFKA_BOOTSTRAP_SERVERS"].split(":")
    assert host in COMPOSE["services"] and port in COMPOSE["services"]["kafka"]["environment"][
        "KAFKA_LISTENERS"]
    assert "@postgres:5432/" in environment["FLUXRATE_DATABASE_URL"]
    assert environment["FLUXRATE_SMTP_HOST"] in COMPOSE["services"]
    assert environment["FLUXRATE_AGGREGATOR_URL"] == "http://aggregator:8080"
    ServiceSettings(**{k.removeprefix("FLUXRATE_").lower(): v for k, v in environment.items()})


def test_gateway_routes_to_every_service_port() -> None:
    command = COMPOSE["services"]["gateway"]["command"]
    upstreams = dict(arg.removeprefix("--upstream=").split("=", 1)
                     for arg in command if arg.startswith("--upstream="))
    assert set(upstreams) == set(SERVICES)
    for service, url in upstreams.items():
        assert url == f"http://{service}:8080"
    assert COMPOSE["services"]["gateway"]["ports"] == ["8080:8080"]
