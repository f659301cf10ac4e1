"""Services as in production: each its own process on its own port; a router sends each
request to the service the routing table names (what the Gateway does in Kubernetes)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from fluxrate_common.routing import service_for
from fluxrate_platform.devstack import free_port
from tests.support.processes import Process, wait_until_ready
from tests.support.stack import Environment


@dataclass
class ServiceProcess:
    name: str
    url: str
    process: Process

    async def restart(self) -> None:
        self.process.start()
        await wait_until_ready(f"{self.url}/readyz", self.process, timeout=60)


class Services:
    def __init__(self, running: dict[str, ServiceProcess]) -> None:
        self.running = running

    def __getitem__(self, name: str) -> ServiceProcess:
        return self.running[name]

    def url_for(self, method: str, path: str) -> str:
        service = service_for(method, path.split("?", 1)[0])
        if service is None or service not in self.running:
            raise LookupError(f"no running service answers {method} {path}")
        return self.running[service].url

    def stop(self) -> None:
        for service in self.running.values():
            service.process.stop()


async def start_services(environment: Environment, names: list[str], log_dir: Path,
                         own_env: dict[str, dict[str, str]] | None = None,
                         **extra_env: str) -> Services:
    """`names` are services; "subscriptions#2" runs a second replica of subscriptions;
    `own_env` adds settings to one of them."""
    running = {}
    ports = {name: free_port() for name in names}
    urls = {f"FLUXRATE_{name.upper()}_URL": f"http://127.0.0.1:{port}"
            for name, port in ports.items() if "#" not in name}
    for name in names:
        port = ports[name]
        env = {**environment.env, **urls, "FLUXRATE_HTTP_PORT": str(port),
               "FLUXRATE_HTTP_HOST": "127.0.0.1", **extra_env, **(own_env or {}).get(name, {})}
        module = name.split("#", 1)[0]
        process = Process(name.replace("#", "-"), ["-m", f"fluxrate_{module}"], env, log_dir).start()
        running[name] = ServiceProcess(name, f"http://127.0.0.1:{port}", process)
    await asyncio.gather(*(wait_until_ready(f"{s.url}/readyz", s.process, timeout=90)
                           for s in running.values()))
    return Services(running)
