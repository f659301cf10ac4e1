"""The SDK as users get it: models current with the API's document, a wheel that installs into
a fresh environment and works there, and code that Python 3.9 can run."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.sdk.support import SdkOrg

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdks" / "python"
UV = ROOT / ".tools" / "bin" / "uv"

SMOKE = """
import sys
from fluxrate import Fluxrate, NotFoundError
client = Fluxrate()  # FLUXRATE_API_KEY and FLUXRATE_BASE_URL from the environment
meter = client.meters.create(name="wheel_calls", aggregation="SUM")
client.customers.upsert("wheel_user", name="Wheel")
answer = client.usage.track(meter_token=meter.meter_token, customer_external_id="wheel_user",
                            quantity=1)
try:
    client.meters.retrieve("0190a000-0000-7000-8000-000000000000")
except NotFoundError as error:
    print(answer.status, error.code, __import__("fluxrate").__file__)
"""


def test_the_generated_models_match_the_api_document() -> None:
    result = subprocess.run([sys.executable, str(SDK / "generate_models.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_sdk_reads_as_python_3_9() -> None:
    sources = list((SDK / "src" / "fluxrate").rglob("*.py"))
    for source in sources:
        ast.parse(source.read_text(), str(source), feature_version=(3, 9))
    vermin = [str(Path(sys.executable).parent / "vermin"), "--target=3.9-", "--violations",
              "--eval-annotations", "--feature", "union-types", "--no-tips", "-q",
              str(SDK / "src" / "fluxrate")]
    result = subprocess.run(vermin, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheel_installs_into_a_fresh_environment_and_works(sdk_org: SdkOrg, tmp_path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(["make", "-s", "sdk", f"SDK_DIST={dist}"], cwd=ROOT, check=True,
                   capture_output=True)
    (wheel,) = dist.glob("fluxrate-*-py3-none-any.whl")
    venv = tmp_path / "venv"
    subprocess.run([str(UV), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(UV), "pip", "install", "-q", "--python", str(python), str(wheel)],
                   check=True)
    env = {"FLUXRATE_API_KEY": sdk_org.key, "FLUXRATE_BASE_URL": sdk_org.url, "PATH": "/usr/bin:/bin"}
    result = subprocess.run([str(python), "-c", SMOKE], env=env, capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    status, code, location = result.stdout.split()
    assert (status, code) == ("accepted", "meter_not_found")
    assert location.startswith(str(venv))  # the installed wheel, not the source tree
