"""The README's tour with curl, run verbatim against the platform: each command's flags, headers,
body and cookie jar as curl reads them (shell variables and quoting by `shlex`), the `<...>`
placeholders filled in from earlier answers as a reader would."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import uuid
from pathlib import Path
from typing import Any

import aiohttp

from tests.support.platform import RunningPlatform
from tests.support.processes import eventually

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def tour_commands() -> list[list[str]]:
    block = README.split("## A tour with curl", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    joined = re.sub(r"\\\n\s*", " ", block)
    commands, pending = [], ""
    for line in joined.splitlines():  # a quoted body may span lines: join until shlex can split
        line = re.sub(r"\s+#[^'\"]*$", "", line) if not pending else line
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pending = f"{pending}\n{line}" if pending else line
        try:
            words = shlex.split(pending)
        except ValueError:
            continue
        commands.append(words)
        pending = ""
    return commands


class Tour:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jars: dict[str, dict[str, str]] = {}
        self.found: dict[str, str] = {}
        yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
        self.variables = {"H": "Content-Type: application/json", "YESTERDAY": yesterday}

    def expand(self, text: str) -> str:
        # Only the tour's own variables: shlex has dropped the quotes that end their names.
        names = "|".join(sorted(self.variables, key=len, reverse=True))
        text = re.sub(rf"\$\{{?({names})\}}?", lambda m: self.variables[m.group(1)], text)
        for name, value in self.found.items():
            text = text.replace(f"<{name}>", value)
        return text.replace("org_live_...", self.found.get("key", "org_live_..."))

    async def run(self, http: aiohttp.ClientSession, words: list[str]) -> tuple[int, Any]:
        words = [self.expand(w) for w in words]
        if words[0] != "curl":
            return 0, None  # a shell assignment, already known
        method, headers, data, read_jar, write_jar, url = "GET", {}, None, None, None, None
        args = iter(words[1:])
        for word in args:
            if word == "-X":
                method = next(args)
            elif word == "-H":
                name, value = next(args).split(":", 1)
                headers[name.strip()] = value.strip()
            elif word == "-d":
                data, method = next(args).encode(), method if method != "GET" else "POST"
            elif word == "-b":
                read_jar = next(args)
            elif word == "-c":
                write_jar = next(args)
            else:
                url = word
        url = "http://" + url.replace("localhost:8080", self.base)  # curl's default scheme
        if read_jar and self.jars.get(read_jar):
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.jars[read_jar].items())
        async with http.request(method, url, data=data, headers=headers) as reply:
            body = await reply.json(content_type=None) if await reply.read() else None
            if write_jar:
                jar = self.jars.setdefault(write_jar, dict(self.jars.get(read_jar) or {}))
                for morsel in reply.cookies.values():
                    jar[morsel.key] = morsel.value
            return reply.status, body


async def test_the_curl_tour_works_verbatim(platform: RunningPlatform) -> None:
    commands = tour_commands()
    assert len(commands) >= 15 and any("auth/refresh" in " ".join(c) for c in commands)
    tour = Tour(platform.url.removeprefix("http://"))
    email = f"you-{uuid.uuid4().hex[:8]}@example.com"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        for words in commands:
            words = [w.replace("you@example.com", email) for w in words]
            text = " ".join(words)
            if "<invoice_id>" in text and "invoice_id" not in tour.found:
                await eventually(lambda: _draft_invoice(http, tour), timeout=60)
            status, body = await tour.run(http, words)
            assert status in (0, 200, 201, 202, 204), (text, status, body)
            _remember(tour, text, body)
        me = await tour.run(http, ["curl", "-b", "cookies.txt", "localhost:8080/api/v1/auth/me"])
        assert me[0] == 401  # signed out at the end


async def _draft_invoice(http: aiohttp.ClientSession, tour: Tour) -> bool:
    status, body = await tour.run(http, ["curl", "-b", "cookies.txt",
                                         "localhost:8080/api/v1/invoices?subscription_id="
                                         "<subscription_id>"])
    if status == 200 and body["data"]:
        tour.found["invoice_id"] = body["data"][0]["id"]
        assert body["data"][0]["status"] == "DRAFT"
        return True
    return False


def _remember(tour: Tour, command: str, body: Any) -> None:
    if not isinstance(body, dict):
        return
    for path, name in (("/meters ", "meter_id"), ("/plans ", "plan_id"),
                       ("/subscriptions ", "subscription_id")):
        if f"api/v1{path}" in command + " " and "id" in body:
            tour.found.setdefault(name, body["id"])
    if "key" in body:
        tour.found["key"] = body["key"]
