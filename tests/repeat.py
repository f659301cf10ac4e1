"""Run the test suite several times and report every failure by test id (`make test-repeat`).

    python -m tests.repeat RUNS [--busy] [pytest arguments...]

`--busy` keeps one core spinning during the runs, as on a loaded machine. Exits non-zero if
any run failed; the summary lists each failed test with the runs it failed in.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path


def _failures(report: Path) -> list[str]:
    if not report.exists():
        return ["<no report: pytest did not finish>"]
    failed = []
    for case in ElementTree.parse(report).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            path = case.get("classname", "").replace(".", "/")
            failed.append(f"{path}.py::{case.get('name')}")
    return failed


def _run(number: int, total: int, pytest_args: list[str], workdir: Path) -> tuple[int, float, list[str]]:
    report = workdir / f"run{number}.xml"
    started = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "pytest", f"--junitxml={report}", *pytest_args])
    seconds = time.monotonic() - started
    print(f"run {number}/{total}: exit {code} after {seconds:.0f}s", flush=True)
    return code, seconds, _failures(report) if code else []


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.repeat")
    parser.add_argument("runs", type=int)
    parser.add_argument("--busy", action="store_true", help="keep one core busy meanwhile")
    args, pytest_args = parser.parse_known_args()
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.busy else None
    failed_in: dict[str, list[int]] = defaultdict(list)
    durations = []
    try:
        with tempfile.TemporaryDirectory() as workdir:
            for number in range(1, args.runs + 1):
                _, seconds, failures = _run(number, args.runs, pytest_args, Path(workdir))
                durations.append(seconds)
                for test_id in failures:
                    failed_in[test_id].append(number)
    finally:
        if spinner is not None:
            spinner.kill()
    busy = " with one core busy" if args.busy else ""
    print(f"\n{args.runs} runs{busy}: " + ", ".join(f"{s:.0f}s" for s in durations))
    for test_id, runs in sorted(failed_in.items()):
        print(f"FAILED {test_id}  (runs {', '.join(map(str, runs))})")
    print("every run passed" if not failed_in else f"{len(failed_in)} test(s) failed")
    sys.exit(1 if failed_in else 0)


if __name__ == "__main__":
    main()
