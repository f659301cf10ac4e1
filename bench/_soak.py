"""The soak: batches of 100 at a fixed rate for a while, watching consumer lag (events accepted
but not yet in the rollups) and the resident memory of every process."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import asyncpg
import orjson


def process_tree(pid: int) -> list[int]:
    """`pid` and every process under it (ingest's workers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            todo += [int(child) for child in task.read_text().split()]
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class SoakReport:
    seconds: float
    target_rate: float
    sent: int = 0
    errors: int = 0
    lags: list[tuple[float, int]] = field(default_factory=list)  # (seconds in, events behind)
    memory_at_minute: dict[str, float] = field(default_factory=dict)
    memory_at_end: dict[str, float] = field(default_factory=dict)

    def lag_bounded(self) -> bool:
        """The lag in the second half never exceeds the first half's worst by much: it does not grow."""
        half = self.seconds / 2
        first = max((lag for t, lag in self.lags if t < half), default=0)
        second = max((lag for t, lag in self.lags if t >= half), default=0)
        return second <= max(first * 1.5, self.target_rate)

    def memory_growth(self) -> dict[str, float]:
        return {name: self.memory_at_end[name] / start - 1
                for name, start in self.memory_at_minute.items() if start}


def _memory(processes: dict[str, int]) -> dict[str, float]:
    memory = {}
    for name, pid in processes.items():
        for n, member in enumerate(process_tree(pid)):
            memory[name if n == 0 else f"{name}/{n}"] = rss_mb(member)
    return memory


async def soak(url: str, key: str, database_url: str, processes: dict[str, int], *, rate: float,
               seconds: float, run: str, counted) -> SoakReport:
    """`counted(conn)` says how many events the rollups hold."""
    report = SoakReport(seconds, rate)
    conn = await asyncpg.connect(database_url)
    base = await counted(conn)
    started = time.perf_counter()
    interval = 100 / rate
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    timestamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    async with aiohttp.ClientSession(headers=headers) as http:
        async def send(n: int) -> None:
            events = [{"meter_name": "calls", "customer_external_id": f"c{i % 1000}", "quantity": 1,
                       "idempotency_key": f"{run}-{n}-{i}", "timestamp": timestamp}
                      for i in range(100)]
            try:
                async with http.post(f"{url}/api/v1/usage/batch",
                                     data=orjson.dumps({"events": events})) as reply:
                    body = await reply.json()
                    if reply.status != 200 or body["accepted"] != 100:
                        report.errors += 1
                    else:
                        report.sent += 100
            except aiohttp.ClientError:
                report.errors += 1

        async def sample() -> None:
            while (elapsed := time.perf_counter() - started) < seconds:
                report.lags.append((elapsed, report.sent - (await counted(conn) - base)))
                if not report.memory_at_minute and elapsed >= 60:
                    report.memory_at_minute = _memory(processes)
                await asyncio.sleep(1.0)

        sampler, in_flight, n = asyncio.create_task(sample()), set(), 0
        while time.perf_counter() - started < seconds:
            due = started + n * interval
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            task = asyncio.create_task(send(n))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            n += 1
        await asyncio.gather(*in_flight, sampler)
    report.memory_at_end = _memory(processes)
    if not report.memory_at_minute:
        report.memory_at_minute = dict(report.memory_at_end)
    await conn.close()
    return report
