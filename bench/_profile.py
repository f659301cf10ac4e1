"""Where the time goes: py-spy (from PyPI, in the dev group) samples running services while a
benchmark step runs; the summary names the functions that were on CPU, by own time and with
what they call, as shares of all samples of that process."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

_FRAME = re.compile(r"^(?P<name>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def _short(frame: str) -> str:
    match = _FRAME.match(frame)
    if not match:
        return frame
    file = match["file"]
    for marker in ("site-packages/", "/src/", "lib/python3"):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    return f"{match['name']} ({file})"


def summarize(raw: Path, top: int = 12) -> str:
    own, inclusive, total = Counter(), Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_short(f) for f in stack.split(";")[1:]]  # the first frame names the thread
        if not frames:
            continue
        total += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    lines = [f"  {total} samples; own time:"]
    lines += [f"    {n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    lines.append("  with callees (Fluxrate's code):")
    ours = [(f, n) for f, n in inclusive.most_common() if "fluxrate_" in f][:top]
    lines += [f"    {n / total:6.1%}  {frame}" for frame, n in ours]
    return "\n".join(lines)


@contextlib.contextmanager
def profiled(processes: dict[str, int], out_dir: Path | None) -> Iterator[None]:
    """Sample `processes` (name -> pid, with their worker processes) while the block runs."""
    spy = shutil.which("py-spy") or str(Path(__file__).resolve().parents[1] / ".venv/bin/py-spy")
    if out_dir is None:
        yield
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    running = {name: subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--subprocesses", "--format", "raw", "--rate", "100", "--gil",
         "--nonblocking", "--output", str(out_dir / f"{name}.txt")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for name, pid in processes.items()}
    try:
        yield
    finally:
        for process in running.values():
            process.send_signal(subprocess.signal.SIGINT)
        for name, process in running.items():
            process.wait(timeout=60)
            raw = out_dir / f"{name}.txt"
            if raw.exists():
                print(f"profile of {name} ({raw}):\n{summarize(raw)}")
