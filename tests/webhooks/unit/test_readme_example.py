"""The README's webhook receiver works as written: a delivery signed as Fluxrate signs it is
handled once, its retry is recognised by webhook-id, and a forged one is refused."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from fluxrate_webhooks.domain.signing import format_secret, headers

README = (Path(__file__).resolve().parents[3] / "README.md").read_text()


def receiver_example() -> dict:
    section = README.split("\n### Verifying a delivery\n", 1)[1].split("\n### ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    namespace: dict = {}
    exec(compile(block, "README.md (Verifying a delivery)", "exec"), namespace)
    return namespace


def test_the_readme_receiver_handles_once_and_refuses_forgeries(capsys) -> None:
    receive = receiver_example()["receive"]
    secret = format_secret(os.urandom(32))
    body = (b'{"type":"invoice.paid","timestamp":"2026-03-01T00:00:00Z","data":{"number":"INV-7",'
            b'"total":"12.00","currency":"EUR"}}')
    sent = headers("msg_abc", datetime.now(UTC), body, [secret])
    assert receive(body, sent, secret) == 204
    assert receive(body, sent, secret) == 204  # the retry: recognised, not handled again
    assert capsys.readouterr().out.count("paid: INV-7 12.00 EUR") == 1
    forged = headers("msg_abc", datetime.now(UTC), body, [format_secret(os.urandom(32))])
    assert receive(body, forged, secret) == 400
