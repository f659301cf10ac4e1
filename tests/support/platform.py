"""The whole platform (`fluxrate dev`) as a real subprocess, driven over HTTP like curl would."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fluxrate_platform.devstack import free_port
from tests.support.processes import Process, wait_until_ready
from tests.support.stack import Environment


@dataclass
class RunningPlatform:
    url: str
    process: Process
    environment: Environment


async def start_platform(environment: Environment, log_dir: Path) -> RunningPlatform:
    port = free_port()
    process = Process("platform", ["-m", "fluxrate_platform", "dev", "--port", str(port),
                                   "--data-dir", str(log_dir / "fluxrate-data")],
                      environment.env, log_dir).start()
    url = f"http://127.0.0.1:{port}"
    await wait_until_ready(f"{url}/readyz", process, timeout=90)
    return RunningPlatform(url, process, environment)
