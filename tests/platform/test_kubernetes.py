"""deploy/k8s: every overlay builds with kustomize, every object is valid against the real schemas
(Kubernetes' for built-in kinds at the oldest and newest version we claim, each CRD's own for
custom resources), and the limits and rules a platform team checks hold."""

from __future__ import annotations

import copy

import pytest

import fluxrate_common.events as events
from fluxrate_common.routing import SERVICES, service_for
from fluxrate_platform.k8s import httproute_yaml
from fluxrate_platform.k8s_workloads import WORKLOADS, workloads_yaml
from tests.support.kubernetes import (
    K8S,
    KUBERNETES_VERSIONS,
    OVERLAYS,
    build,
    builtin_errors,
    custom_errors,
    env_value,
    find,
    is_custom,
    pod_templates,
    restricted_problems,
)
from tests.support.settings_names import known_setting_names

OURS = {f"fluxrate-{w.name}" for w in WORKLOADS}
LIBPQ_SETTINGS = {"PGSSLMODE", "PGSSLROOTCERT"}  # asyncpg reads these libpq variables


def test_generated_manifests_match_the_code() -> None:
    assert (K8S / "base" / "httproutes.yaml").read_text() == httproute_yaml(), (
        "run `.venv/bin/fluxrate k8s-routes > deploy/k8s/base/httproutes.yaml`")
    assert (K8S / "base" / "workloads.yaml").read_text() == workloads_yaml(), (
        "run `.venv/bin/fluxrate k8s-workloads > deploy/k8s/base/workloads.yaml`")


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_built_in_objects_are_valid_against_kubernetes_schemas(overlay: str, version: str) -> None:
    objects = [o for o in build(overlay) if not is_custom(o)]
    assert {"Deployment", "Service", "Job", "NetworkPolicy", "HorizontalPodAutoscaler"} <= {
        o["kind"] for o in objects}
    errors = [e for o in objects if (e := builtin_errors(o, version))]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_custom_resources_are_valid_against_their_crds(overlay: str) -> None:
    objects = [o for o in build(overlay) if is_custom(o)]
    errors = custom_errors(objects)
    invalid = [f"{o['kind']}/{o['metadata']['name']}: {e}" for o, e in zip(objects, errors, strict=True) if e]
    assert not invalid, "\n".join(invalid)


def test_the_validators_refuse_what_a_cluster_would() -> None:
    deployment = copy.deepcopy(find(build("production"), "Deployment", "fluxrate-catalog")[0])
    deployment["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "http"
    typo = copy.deepcopy(find(build("production"), "Deployment", "fluxrate-catalog")[0])
    typo["spec"]["template"]["spec"]["serviceAcountName"] = "x"
    assert all(builtin_errors(o, KUBERNETES_VERSIONS[0]) for o in (deployment, typo))
    route = copy.deepcopy(find(build("production"), "HTTPRoute", "fluxrate-identity")[0])
    route["spec"]["rules"] *= 5  # 20 rules: the API server refuses more than 16
    topic = copy.deepcopy(find(build("production"), "KafkaTopic")[0])
    topic["spec"]["partitions"] = "twelve"
    assert all(custom_errors([route, topic]))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_routes_stay_within_gateway_api_limits_and_use_no_regex(overlay: str) -> None:
    for route in find(build(overlay), "HTTPRoute"):
        rules = route["spec"]["rules"]
        matches = [m for rule in rules for m in rule.get("matches", [])]
        assert len(rules) <= 16 and len(matches) <= 128, route["metadata"]["name"]
        assert {m["path"]["type"] for m in matches} <= {"Exact", "PathPrefix"}


def _gateway_answer(routes: list[dict], method: str, path: str) -> str | None:
    """Gateway API precedence: exact path, then the longest prefix, then a method match."""
    candidates = []
    for route in routes:
        for rule in route["spec"]["rules"]:
            for match in rule["matches"]:
                kind, value = match["path"]["type"], match["path"]["value"]
                hit = path == value if kind == "Exact" else (
                    value == "/" or path == value or path.startswith(value + "/"))
                if hit and match.get("method", method) == method:
                    rank = (kind != "Exact", -len(value), "method" not in match)
                    candidates.append((rank, rule["backendRefs"][0]["name"]))
    return min(candidates)[1].removeprefix("fluxrate-") if candidates else None


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/api/v1/usage"), ("GET", "/api/v1/usage"), ("HEAD", "/api/v1/usage/events"),
    ("DELETE", "/api/v1/usage"), ("GET", "/api/v1/subscriptions/s1/upcoming-invoice"),
    ("POST", "/api/v1/subscriptions/s1/cancel"), ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/openapi/invoicing.json"), ("POST", "/api/v1/sdk/track"),
    ("GET", "/api/v1/usage-queries/x"), ("GET", "/api/v1/meterssss"), ("GET", "/"),
    ("GET", "/plans/p1"), ("PUT", "/api/v1/customers/external/c1"), ("GET", "/api/v1/invoices/i1/pdf"),
])
def test_the_cluster_routes_every_request_like_the_routing_table(method: str, path: str) -> None:
    routes = [r for r in find(build("production"), "HTTPRoute")
              if r["spec"]["parentRefs"][0]["sectionName"] == "https"]
    assert _gateway_answer(routes, method, path) == (service_for(method, path) or "web")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_meets_pod_security_restricted(overlay: str) -> None:
    objects = build(overlay)
    namespace = find(objects, "Namespace", "fluxrate")[0]["metadata"]["labels"]
    assert namespace["pod-security.kubernetes.io/enforce"] == "restricted"
    pods = {name: restricted_problems(pod, pod["containers"])
            for name, pod in pod_templates(objects).items()}
    for pool in find(objects, "KafkaNodePool"):
        template = pool["spec"]["template"]
        pods[f"KafkaNodePool/{pool['metadata']['name']}"] = restricted_problems(
            template["pod"], [template["kafkaContainer"]])
    for kafka in find(objects, "Kafka"):
        template = kafka["spec"]["entityOperator"]["template"]
        pods["entity-operator"] = restricted_problems(
            template["pod"], [template["topicOperatorContainer"], template["userOperatorContainer"]])
    assert not {name: problems for name, problems in pods.items() if problems}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_workloads_have_the_production_shape(overlay: str) -> None:
    objects = build(overlay)
    autoscaled = {h["spec"]["scaleTargetRef"]["name"] for h in find(objects, "HorizontalPodAutoscaler")}
    accounts = {a["metadata"]["name"]: a for a in find(objects, "ServiceAccount")}
    assert {d["metadata"]["name"] for d in find(objects, "Deployment")} == OURS
    for name, pod in pod_templates(objects).items():
        account = accounts[pod["serviceAccountName"]]
        assert account["automountServiceAccountToken"] is False and not pod["automountServiceAccountToken"]
        assert pod["serviceAccountName"] != "default", name
    for deployment in find(objects, "Deployment"):
        name, pod = deployment["metadata"]["name"], deployment["spec"]["template"]["spec"]
        assert ("replicas" in deployment["spec"]) != (name in autoscaled), name
        assert {c["topologyKey"] for c in pod["topologySpreadConstraints"]} == {
            "topology.kubernetes.io/zone", "kubernetes.io/hostname"}
        (container,) = pod["containers"]
        assert container["lifecycle"]["preStop"]["sleep"]["seconds"] < pod["terminationGracePeriodSeconds"]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert find(objects, "PodDisruptionBudget", name) and find(objects, "Service", name)
    assert find(objects, "ServiceMonitor") and find(objects, "PrometheusRule")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_config_changes_roll_the_pods_and_images_come_from_the_images_entry(overlay: str) -> None:
    objects = build(overlay)
    (config,) = find(objects, "ConfigMap")
    assert config["metadata"]["name"].startswith("fluxrate-config-")  # content hash: a change rolls
    for name, pod in pod_templates(objects).items():
        for container in pod["containers"]:
            assert {"configMapRef": {"name": config["metadata"]["name"]}} in container["envFrom"], name
            image = container["image"]
            assert image.startswith("ghcr.io/fluxrate/fluxrate:") or "@sha256:" in image, name
            assert not container["image"].endswith(":latest"), name
    unknown = set(config["data"]) - known_setting_names() - LIBPQ_SETTINGS
    assert not unknown, f"settings the code does not read: {unknown}"


@pytest.mark.parametrize("overlay", ["dev", "production"])
def test_a_kafka_topic_for_every_topic_the_code_uses(overlay: str) -> None:
    objects = build(overlay)
    config = find(objects, "ConfigMap")[0]["data"]
    namespace = config.get("FLUXRATE_KAFKA_NAMESPACE", "fluxrate")
    topics = {t["spec"]["topicName"]: t["spec"] for t in find(objects, "KafkaTopic")}
    code = [t for t in vars(events).values() if isinstance(t, events.Topic)]
    assert set(topics) == {t.name(namespace) for t in code}
    for topic in code:
        spec = topics[topic.name(namespace)]
        partitions = config["FLUXRATE_KAFKA_USAGE_PARTITIONS" if topic.high_volume
                            else "FLUXRATE_KAFKA_DEFAULT_PARTITIONS"]
        assert spec["partitions"] == int(partitions)
        assert spec["replicas"] == int(config["FLUXRATE_KAFKA_REPLICATION_FACTOR"])
        assert int(spec["config"]["min.insync.replicas"]) <= spec["replicas"]
    (pool,) = find(objects, "KafkaNodePool")
    assert pool["spec"]["replicas"] >= int(config["FLUXRATE_KAFKA_REPLICATION_FACTOR"])


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_reach_only_what_they_need(overlay: str) -> None:
    objects = build(overlay)
    policies = {p["metadata"]["name"]: p["spec"] for p in find(objects, "NetworkPolicy")}
    deny = policies["fluxrate-default-deny"]
    assert deny["policyTypes"] == ["Ingress", "Egress"] and "ingress" not in deny and "egress" not in deny
    for name in pod_templates(objects):
        labels = next(o for o in objects if f"{o['kind']}/{o['metadata']['name']}" == name)[
            "spec"]["template"]["metadata"]["labels"]
        assert labels["app.kubernetes.io/part-of"] == "fluxrate", name  # under the default deny
    gateway_peers = policies["fluxrate-from-gateway"]["ingress"][0]["from"]
    assert [p["podSelector"]["matchLabels"] for p in gateway_peers] == [
        {"gateway.networking.k8s.io/gateway-name": "fluxrate"}]
    served = set(policies["fluxrate-from-gateway"]["podSelector"]["matchExpressions"][0]["values"])
    assert served == {*SERVICES, "web"}
    for deployment in find(objects, "Deployment"):
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        config = find(objects, "ConfigMap")[0]["data"]
        uses_db = env_value(container, config, "FLUXRATE_DATABASE_URL") is not None
        component = deployment["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]
        to_postgres = policies["fluxrate-to-postgres"]["podSelector"]["matchExpressions"][0]["values"]
        assert uses_db == (component in to_postgres), component
