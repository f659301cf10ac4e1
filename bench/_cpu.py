"""CPU time spent by each part of the stack, from /proc: what one event costs each process,
which stays meaningful on a machine shared with other work (rates do not)."""

from __future__ import annotations

import os
from pathlib import Path

from _soak import process_tree

_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system time of `pid` and everything under it, with the children it reaped
    (PostgreSQL's backends that ended)."""
    total = 0.0
    for n, member in enumerate(process_tree(pid)):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
        total += utime + stime + (cutime + cstime if n == 0 else 0)
    return total / _TICK


class CpuMeter:
    def __init__(self, processes: dict[str, int]) -> None:
        self._processes = processes
        self._start = {name: cpu_seconds(pid) for name, pid in processes.items()}

    def per_event_us(self, events: int) -> dict[str, float]:
        return {name: (cpu_seconds(pid) - self._start[name]) / events * 1e6
                for name, pid in self._processes.items()}


def describe(costs: dict[str, float]) -> str:
    parts = ", ".join(f"{name} {us:.0f}" for name, us in costs.items())
    return f"CPU µs per event: {parts}; all {sum(costs.values()):.0f}"


_BACKENDS = ("SELECT pid, coalesce(nullif(application_name, ''), backend_type) FROM pg_stat_activity"
             " WHERE pid <> pg_backend_pid()")


async def backend_cpu(conn) -> dict[str, float]:
    """PostgreSQL's CPU seconds so far by whose connections spent them (each service's
    application_name) or which of its own processes (WAL writer, checkpointer...)."""
    seconds: dict[str, float] = {}
    for pid, application in await conn.fetch(_BACKENDS):
        name = application.removeprefix("fluxrate-")
        seconds[name] = seconds.get(name, 0.0) + cpu_seconds(pid)
    return seconds


def describe_backends(before: dict[str, float], after: dict[str, float], events: int) -> str:
    costs = {name: (spent - before.get(name, 0.0)) / events * 1e6 for name, spent in after.items()}
    parts = ", ".join(f"{name} {us:.1f}" for name, us in sorted(costs.items(), key=lambda c: -c[1])
                      if us >= 0.1)
    return f"PostgreSQL µs per event, by whose work: {parts}"
