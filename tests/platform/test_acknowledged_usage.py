"""Proof: nothing acknowledged is ever lost with `make run`'s embedded broker either.

`fluxrate dev` on its own embedded PostgreSQL and in-memory broker takes usage from four
clients; the whole process group is SIGKILLed while acknowledged events are still on their way
to the aggregator, at several moments; it starts again, and the clients resend every batch they
attempted. Every key is counted exactly once, no embedded server outlives the kill, and an API
key created the moment the restarted platform says it is ready works on its first use.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import asyncpg
import pytest

from fluxrate_platform.devstack import free_port
from tests.support.api import Org, signup
from tests.support.processes import Process, eventually, wait_until_ready

CLIENTS, BATCH, CUSTOMERS = 4, 100, 4
TIMESTAMP = "2026-01-15T12:00:00Z"
MOMENTS = (10, 60, 25)  # acknowledged batches (since the last start) at which each kill lands


@dataclass
class Load:
    attempted: dict[str, list[dict]] = field(default_factory=dict)  # batch id -> events
    acknowledged: int = 0
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    sequence: int = 0

    def next_batch(self) -> tuple[str, list[dict]]:
        self.sequence += 1
        batch_id = f"b{self.sequence}"
        events = [{"meter_name": "calls", "customer_external_id": f"c{i % CUSTOMERS}",
                   "quantity": 1, "timestamp": TIMESTAMP,
                   "idempotency_key": f"{batch_id}-{i}"} for i in range(BATCH)]
        self.attempted[batch_id] = events
        return batch_id, events


class Platform:
    """`fluxrate dev` with nothing but a data dir: it starts its own PostgreSQL and broker."""

    def __init__(self, data_dir: Path, log_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = data_dir
        self.log_dir = log_dir
        self.process: Process | None = None
        self.starts = 0

    def log(self) -> str:
        return self.process.log_path.read_text(errors="replace")

    async def start(self) -> None:
        env = {"FLUXRATE_INGEST_BACKFILL_DAYS": "3650", "FLUXRATE_LOG_LEVEL": "WARNING",
               "FLUXRATE_KAFKA_SESSION_TIMEOUT_MS": "2000",
               "FLUXRATE_KAFKA_HEARTBEAT_INTERVAL_MS": "300"}
        self.process = Process("platform", ["-m", "fluxrate_platform", "dev", "--port", str(self.port),
                                            "--data-dir", str(self.data_dir)], env,
                               self.log_dir).start()
        await wait_until_ready(f"{self.url}/readyz", self.process, timeout=120)

        self.starts += 1

        async def banner_printed() -> bool:  # what a user sees once it is ready
            return self.log().count("Fluxrate is running at") >= self.starts

        await eventually(banner_printed)

    def embedded_servers(self) -> list[int]:
        """Pids of the PostgreSQL and broker this run started (from the banner's ports)."""
        banner = self.log()
        ports = re.findall(r"(?:postgres +postgresql://\S+@127\.0\.0\.1|kafka +127\.0\.0\.1):(\d+)",
                           banner)[-2:]
        return [pid for port in ports for pid in _listening_pids(int(port))]

    def kill_process_group(self) -> None:
        os.killpg(self.process.popen.pid, signal.SIGKILL)
        self.process.popen.wait()

    def database_url(self) -> str:
        return re.findall(r"postgres +(postgresql://\S+)", self.log())[-1]


def _listening_pids(port: int) -> list[int]:
    """Processes with a socket listening on 127.0.0.1:port (from /proc, no tools needed)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (proc / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            pids.append(int(proc.name))
    return pids


async def _post_until_answered(http: aiohttp.ClientSession, url: str, key: str,
                               events: list[dict]) -> None:
    """As a correct client retries: until the platform answers 200 for the whole batch."""
    while True:
        try:
            async with http.post(f"{url}/api/v1/usage/batch", json={"events": events},
                                 headers={"X-API-Key": key}) as reply:
                if reply.status == 200:
                    body = await reply.json()
                    assert body["rejected"] == 0, body
                    return
        except (TimeoutError, aiohttp.ClientError):
            pass
        await asyncio.sleep(0.2)


async def _client(url: str, key: str, load: Load) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
        while not load.stop.is_set():
            _, events = load.next_batch()
            try:
                async with http.post(f"{url}/api/v1/usage/batch", json={"events": events},
                                     headers={"X-API-Key": key}) as reply:
                    if reply.status == 200:
                        load.acknowledged += 1
            except (TimeoutError, aiohttp.ClientError):
                return  # the platform died under us


async def _stored(conn: asyncpg.Connection) -> int:
    return await conn.fetchval("SELECT count(*) FROM aggregator.usage_events")


async def _every_key_stored_once(platform: Platform, expected: int) -> None:
    conn = await asyncpg.connect(platform.database_url())
    try:
        async def all_stored() -> bool:
            return await _stored(conn) == expected

        await eventually(all_stored, timeout=120, interval=0.2)
        assert await conn.fetchval("SELECT sum(sum) FROM aggregator.usage_rollups") == expected
    finally:
        await conn.close()


async def _kill_while_acknowledged_work_is_pending(platform: Platform, key: str, load: Load,
                                                   moment: int, stored_before: int) -> None:
    conn = await asyncpg.connect(platform.database_url())
    load.acknowledged, load.stop = 0, asyncio.Event()
    clients = [asyncio.create_task(_client(platform.url, key, load)) for _ in range(CLIENTS)]
    try:
        async def acknowledged_but_not_stored() -> bool:
            if load.acknowledged < moment:
                return False
            return stored_before + load.acknowledged * BATCH > await _stored(conn)

        await eventually(acknowledged_but_not_stored, timeout=120, interval=0.01)
        servers = platform.embedded_servers()
        platform.kill_process_group()
    finally:
        load.stop.set()
        await asyncio.gather(*clients, return_exceptions=True)
        conn.terminate()

    async def servers_gone() -> bool:
        return not any(Path(f"/proc/{pid}").exists() for pid in servers)

    assert len(servers) >= 2, servers
    await eventually(servers_gone, timeout=30)  # no orphan: they die with the platform


async def _key_works_on_first_use(platform: Platform, org: Org) -> str:
    """Right after a (cold) start: a new key is accepted by the first request that uses it."""
    key = await org.api_key("read", "write")
    async with aiohttp.ClientSession() as http, http.post(
            f"{platform.url}/api/v1/usage", headers={"X-API-Key": key},
            json={"meter_name": "calls", "customer_external_id": "c0", "quantity": 1,
                  "timestamp": TIMESTAMP, "idempotency_key": f"first-use-{key[-8:]}"}) as reply:
        assert reply.status == 202, await reply.text()
    return key


@pytest.mark.slow
async def test_every_acknowledged_event_survives_killing_the_whole_platform(tmp_path) -> None:
    platform = Platform(tmp_path / "fluxrate-data", tmp_path)
    await platform.start()
    load, first_uses = Load(), 0
    try:
        org = await signup(platform.url)
        await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
        for n in range(CUSTOMERS):
            await org.session.put(f"/api/v1/customers/external/c{n}", {})
        key = await _key_works_on_first_use(platform, org)
        first_uses += 1
        for moment in MOMENTS:
            stored_before = len(load.attempted) * BATCH + first_uses
            await _every_key_stored_once(platform, stored_before)
            await _kill_while_acknowledged_work_is_pending(platform, key, load, moment, stored_before)
            await platform.start()
            key = await _key_works_on_first_use(platform, org)
            first_uses += 1
            async with aiohttp.ClientSession() as http:
                await asyncio.gather(*(_post_until_answered(http, platform.url, key, events)
                                       for events in load.attempted.values()))
        await _every_key_stored_once(platform, len(load.attempted) * BATCH + first_uses)
        usage = await org.session.get("/api/v1/usage", params={
            "customer_external_id": "c0", "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"})
        assert usage.body["data"][0]["value"] == str(len(load.attempted) * BATCH // CUSTOMERS + first_uses)
    finally:
        platform.process.stop()


async def test_fluxrate_dev_stops_when_its_embedded_broker_dies(tmp_path) -> None:
    """Serving on without its broker would accept nothing and say little: it stops, loudly."""
    platform = Platform(tmp_path / "fluxrate-data", tmp_path)
    await platform.start()
    try:
        broker_port = int(re.findall(r"kafka +127\.0\.0\.1:(\d+)", platform.log())[-1])
        for pid in _listening_pids(broker_port):
            os.kill(pid, signal.SIGKILL)

        async def exited() -> bool:
            return not platform.process.alive

        await eventually(exited, timeout=60)
        assert platform.process.popen.returncode == 1
        assert "the embedded broker exited unexpectedly" in platform.process.log_tail()
    finally:
        platform.process.stop()
