"""Single usage events driven by `wrk` (Debian's package), a C load generator, so the client
does not take the cores the services need; installed with apt-get when it is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Each wrk thread numbers its own requests; every event has its own idempotency key.
_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  run, key, n = args[1], args[2], 0
  headers = {["Content-Type"] = "application/json", ["X-API-Key"] = key}
end
function request()
  n = n + 1
  local body = string.format('{"meter_name":"calls","customer_external_id":"c%d","quantity":1,'
    .. '"idempotency_key":"%s-%d-%d"}', n % 1000, run, tid, n)
  return wrk.format("POST", "/api/v1/usage", headers, body)
end
"""
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers, socket errors and timeouts


def find_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        print("wrk not found: installing Debian's package (apt-get install wrk)")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False,
                       stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
        if found is None:
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
            found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is needed for (b): apt-get install wrk")
    return found


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def parse(output: str) -> WrkResult:
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)$", output, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)$", output, re.MULTILINE).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket:
        errors += sum(int(n) for n in socket.groups())
    return WrkResult(rate, p50, p99, errors)


def run_wrk(wrk: str, url: str, api_key: str, run: str, *, connections: int, seconds: float,
            threads: int = 1) -> WrkResult:
    with tempfile.TemporaryDirectory() as workdir:
        script = Path(workdir) / "usage.lua"
        script.write_text(_SCRIPT)
        completed = subprocess.run(
            [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency",
             "-s", str(script), url, "--", run, api_key],
            check=True, capture_output=True, text=True)
    return parse(completed.stdout)
