"""deploy/k8s is applied by users, not here: parse it and check it against the code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fluxrate_common.routing import ROUTES, SERVICES, WEB
from fluxrate_platform.k8s import httproute_yaml
from tests.support.settings_names import known_setting_names

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"


def _documents() -> list[dict]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    docs = []
    for resource in kustomization["resources"]:
        docs += [d for d in yaml.safe_load_all((K8S / resource).read_text()) if d]
    return docs


DOCS = _documents()


def _find(kind: str, name: str) -> dict:
    matches = [d for d in DOCS if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}"
    return matches[0]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_a_deployment_with_probes_and_a_service(service: str) -> None:
    deployment = _find("Deployment", f"fluxrate-{service}")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert container["command"] == [f"fluxrate-{service}"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["ports"][0]["containerPort"] == 8080
    svc = _find("Service", f"fluxrate-{service}")
    assert svc["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]


def test_config_and_secret_name_only_real_settings() -> None:
    config = _find("ConfigMap", "fluxrate-config")["data"]
    secret = yaml.safe_load((K8S / "secret.example.yaml").read_text())["stringData"]
    unknown = (set(config) | set(secret)) - known_setting_names()
    assert not unknown


def _deployed() -> frozenset[str]:
    """Every service, and the dashboard once deploy/k8s runs it (`fluxrate web`)."""
    names = {d["metadata"]["name"] for d in DOCS if d["kind"] == "Deployment"}
    return frozenset(s for s in (*SERVICES, WEB) if f"fluxrate-{s}" in names)


def test_httproute_is_generated_from_the_routing_table() -> None:
    deployed = _deployed()
    assert (K8S / "httproute.yaml").read_text() == httproute_yaml(services=deployed), (
        "run `.venv/bin/fluxrate k8s-routes > deploy/k8s/httproute.yaml`")
    route = _find("HTTPRoute", "fluxrate-api")
    backends = {ref["name"] for rule in route["spec"]["rules"] for ref in rule["backendRefs"]}
    assert backends == {f"fluxrate-{s}" for s in deployed}
    assert len(route["spec"]["rules"]) == len([r for r in ROUTES if r.service in deployed])
