"""Long-lived background tasks outlive their own failures: only the app's shutdown ends them."""

from __future__ import annotations

import asyncio

from aiohttp import web

from fluxrate_common.app import start_background


async def test_a_task_ended_by_a_cancellation_from_inside_a_library_is_started_again() -> None:
    app, runs, running = web.Application(), [], asyncio.Event()

    async def factory() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise asyncio.CancelledError  # what a library's internal task may let escape
        running.set()
        await asyncio.Event().wait()

    start_background(app, "worker", factory)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await asyncio.wait_for(running.wait(), 10)
        assert runs == [0, 1]
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)  # and the shutdown does end it


async def test_a_failing_task_is_started_again() -> None:
    app, runs, running = web.Application(), [], asyncio.Event()

    async def factory() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("a transient failure")
        running.set()
        await asyncio.Event().wait()

    start_background(app, "worker", factory)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await asyncio.wait_for(running.wait(), 10)
    finally:
        await asyncio.wait_for(runner.cleanup(), 10)
