"""Run one service as its own process, as in production."""

from __future__ import annotations

import asyncio
import ctypes
import os
import signal
import sys
from collections.abc import Callable

from aiohttp import web

from fluxrate_common.logging import configure_logging, get_logger
from fluxrate_common.settings import S, load_settings

log = get_logger("fluxrate.runner")


def install_fast_event_loop() -> None:
    """uvloop where it exists (Linux, macOS): two to four times asyncio's network throughput."""
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """A worker must not outlive the process that started it, however that one ends (SIGKILL
    included): Linux sends it SIGKILL then. Elsewhere, workers rely on SIGTERM."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _fork_workers(count: int) -> list[int]:
    """`count` more processes running the same service on the same port (SO_REUSEPORT: the
    kernel spreads connections over them); forked before any event loop or thread exists."""
    children = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            _die_with_parent()
            return []
        children.append(pid)
    return children


def _stop_workers(children: list[int]) -> None:
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            continue


def run_service(name: str, settings_cls: type[S], build_app: Callable[[S], web.Application],
                workers: Callable[[S], int] = lambda _: 1) -> None:
    settings = load_settings(settings_cls)
    count = workers(settings)
    children = _fork_workers(count - 1) if count > 1 else []
    install_fast_event_loop()
    configure_logging(settings.log_level, settings.log_format)
    app = build_app(settings)
    log.info("service_starting", service=name, port=settings.http_port, workers=count)
    try:
        web.run_app(app, host=settings.http_host, port=settings.http_port, access_log=None,
                    print=None, shutdown_timeout=10, reuse_port=count > 1 or None)
    finally:
        _stop_workers(children)
