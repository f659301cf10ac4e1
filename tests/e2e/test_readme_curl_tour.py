"""The README's "A tour with curl", run as written: every command of the block through bash
and the real curl, against the running platform. Only the port and the ids and key that earlier
steps printed are substituted; curl's own config file (a `.curlrc` in a scratch home) makes it
report each answer's status without touching the commands."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.platform import RunningPlatform
from tests.support.processes import eventually

README = Path(__file__).resolve().parents[2] / "README.md"
STATUS = re.compile(r"\n@@status (\d{3})@@\n$")
CURLRC = 'silent\nshow-error\nwrite-out = "\\n@@status %{http_code}@@\\n"\n'

# What each step prints that a later step names, and the status the tour expects of it.
Learn = Callable[[Any], dict[str, str]]
STEPS: list[tuple[str, int, Learn]] = [
    ("/api/v1/auth/signup", 201, lambda body: {}),
    ("/api/v1/meters", 201, lambda body: {"<meter_id>": body["id"]}),
    ("/api/v1/plans ", 201, lambda body: {"<plan_id>": body["id"]}),
    ("/charges", 201, lambda body: {}),
    ("/api/v1/customers/external/user_123", 201, lambda body: {}),
    ("/api/v1/subscriptions ", 201, lambda body: {"<subscription_id>": body["id"]}),
    ("/api/v1/api-keys", 201, lambda body: {"org_live_...": body["key"]}),
    ("/api/v1/usage ", 202, lambda body: {}),
    ("/api/v1/usage?", 200, lambda body: {}),
    ("/events", 200, lambda body: {}),
    ("/api/v1/invoices?", 200, lambda body: {"<invoice_id>": body["data"][0]["id"]}),
    ("/finalize", 200, lambda body: {}),
    ("/api/v1/auth/refresh", 200, lambda body: {}),
    ("/api/v1/auth/logout", 204, lambda body: {}),
]


@dataclass
class Answer:
    status: int
    body: Any


def tour_commands() -> list[str]:
    """The block's shell commands, each whole (continued lines and multi-line quotes joined)."""
    section = README.read_text().split("## A tour with curl", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands, pending = [], ""
    for line in block.splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line + "\n"
        try:
            shlex.split(pending, comments=True)
        except ValueError:  # a quote still open: the command goes on
            continue
        if not pending.rstrip().endswith("\\"):
            commands.append(pending)
            pending = ""
    assert not pending, pending
    return commands


async def run_step(command: str, prelude: str, workdir: Path) -> Answer:
    shell = await asyncio.create_subprocess_exec(
        "bash", "-ec", prelude + command, cwd=workdir, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={"PATH": os.environ["PATH"], "HOME": str(workdir), "CURL_HOME": str(workdir)})
    out, err = await shell.communicate()
    assert shell.returncode == 0, (command, err.decode())
    found = STATUS.search(out.decode())
    assert found, (command, out.decode(), err.decode())
    text = out.decode()[:found.start()]
    return Answer(int(found.group(1)), json.loads(text) if text.strip() else None)


def substitute(command: str, port: int, learned: dict[str, str]) -> str:
    command = command.replace("localhost:8080", f"localhost:{port}")
    for placeholder, value in learned.items():
        command = command.replace(placeholder, value)
    return command


async def test_the_readme_curl_tour_works_as_written(platform: RunningPlatform,
                                                    tmp_path: Path) -> None:
    (tmp_path / ".curlrc").write_text(CURLRC)
    port = int(platform.url.rsplit(":", 1)[1])
    commands = tour_commands()
    assignments = [c for c in commands if not c.startswith("curl ")]
    curls = [c for c in commands if c.startswith("curl ")]
    assert [a.split("=", 1)[0] for a in assignments] == ["H", "YESTERDAY"]
    assert len(curls) == len(STEPS), curls
    prelude, learned = "".join(assignments), {}
    for command, (marker, expected, learn) in zip(curls, STEPS, strict=True):
        assert marker in command, (marker, command)
        step = substitute(command, port, learned)
        assert "<" not in step.split("#", 1)[0], step  # nothing left unsubstituted

        async def answered(step: str = step, marker: str = marker) -> Answer | None:
            answer = await run_step(step, prelude, tmp_path)
            # The invoice is drafted when the scheduler passes yesterday's period end: the
            # reader runs that step again until it is there, and so does the test.
            waiting = marker == "/api/v1/invoices?" and answer.status == 200 \
                and not answer.body["data"]
            return None if waiting else answer

        answer = await eventually(answered)
        assert answer.status == expected, (command, answer.status, answer.body)
        learned.update(learn(answer.body))
        if marker == "/finalize":
            assert answer.body["status"] == "OPEN" and answer.body["number"]
    signed_out = await run_step(f"curl -b cookies.txt localhost:{port}/api/v1/auth/me", "", tmp_path)
    assert signed_out.status == 401  # the tour ends signed out, the jar's session revoked
