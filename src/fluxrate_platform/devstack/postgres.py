"""PostgreSQL 16 from the `pgserver` wheel, run directly on a loopback TCP port.

pgserver's own launcher listens on a Unix socket only; here its binaries run with `-h 127.0.0.1`
so every client connects over the network, as in production. PostgreSQL refuses to run as root,
so under root it runs as the `pgserver` system user that package creates.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import warnings
from pathlib import Path

with warnings.catch_warnings():  # pgserver warns at import when XDG_RUNTIME_DIR is unset
    warnings.simplefilter("ignore")
    import pgserver

from fluxrate_platform.devstack.ports import wait_for_port
from fluxrate_platform.devstack.process import dies_with_parent, stop_process

BIN = Path(pgserver.__file__).parent / "pginstall" / "bin"
SYSTEM_USER = "pgserver"

# Throwaway clusters (tests, benchmarks of the product rather than the disk) skip fsync.
EPHEMERAL_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(BIN)
    return SYSTEM_USER


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, port: int, *, ephemeral: bool = False,
                 max_connections: int = 300) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.ephemeral = ephemeral
        self.max_connections = max_connections
        self.process: subprocess.Popen[bytes] | None = None
        self._user = _run_as()

    @property
    def admin_url(self) -> str:
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, timeout: float = 30.0) -> None:
        self._prepare_data_dir()
        self._stop_leftover_server()
        log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115 - owned by the child
        # SIGINT is PostgreSQL's fast shutdown: if the parent dies, the server still stops cleanly.
        self.process = subprocess.Popen(self._command(), user=self._user, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=dies_with_parent(signal.SIGINT))
        try:
            wait_for_port(self.port, timeout, alive=lambda: self.process.poll() is None)
            self._wait_accepting(timeout)
        except (RuntimeError, TimeoutError) as error:
            tail = (self.data_dir / "server.log").read_text(errors="replace")[-2000:]
            self.stop()
            raise RuntimeError(f"PostgreSQL did not start: {error}\n{tail}") from None

    def _command(self) -> list[str]:
        settings = [f"max_connections={self.max_connections}", "unix_socket_directories="]
        if self.ephemeral:
            settings += EPHEMERAL_SETTINGS
        command = [str(BIN / "postgres"), "-D", str(self.data_dir), "-h", "127.0.0.1",
                   "-p", str(self.port)]
        for setting in settings:
            command += ["-c", setting]
        return command

    def _prepare_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            from pgserver.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.data_dir)
            shutil.chown(self.data_dir, self._user, self._user)
        self.data_dir.chmod(0o700)
        if not (self.data_dir / "PG_VERSION").exists():
            subprocess.run(
                [str(BIN / "initdb"), "-D", str(self.data_dir), "-U", "postgres",
                 "--auth=trust", "--encoding=UTF8", "--no-instructions"],
                user=self._user, check=True, capture_output=True,
            )

    def _stop_leftover_server(self) -> None:
        """A server left running by a killed `fluxrate dev` still holds this data dir."""
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return
        try:
            pid = int(pid_file.read_text().splitlines()[0])
            os.kill(pid, signal.SIGINT)
        except (ValueError, IndexError, ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + 15
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    def _wait_accepting(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = subprocess.run([str(BIN / "pg_isready"), "-h", "127.0.0.1", "-p",
                                    str(self.port), "-U", "postgres"], capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.05)
        raise TimeoutError("PostgreSQL did not accept connections")

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [str(BIN / "psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql,
             self.url(database)],
            check=True, capture_output=True, text=True,
        )
        return result.stdout.strip()

    def create_database(self, name: str) -> str:
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if not exists:
            self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
        stop_process(self.process, signal.SIGINT, timeout=30)
        self.process = None
