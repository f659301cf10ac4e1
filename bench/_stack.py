"""Benchmarks start their own real PostgreSQL and broker, like `make test` does."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

warnings.filterwarnings("ignore", category=UserWarning)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.stack import ServerStack  # noqa: E402


@contextlib.contextmanager
def servers() -> Iterator[ServerStack]:
    with tempfile.TemporaryDirectory(prefix="fluxrate-bench-") as workdir:
        stack = ServerStack.start(Path(workdir))
        try:
            yield stack
        finally:
            stack.stop()


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def machine() -> str:
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
