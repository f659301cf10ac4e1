"""The README's SDK Guide is code that works: every Python block, run in order against the
running platform, as a user would paste it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.sdk.support import SdkOrg

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def _guide_blocks() -> list[str]:
    section = README.split("\n## SDK Guide\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


def test_the_guide_covers_what_the_seed_asks() -> None:
    section = README.split("\n## SDK Guide\n", 1)[1].split("\n## ", 1)[0]
    for topic in ("### Install", "### Track one event", "tracker", "upsert", "### Entitlement",
                  "### Errors", "### Async"):
        assert topic in section, topic
    assert len(_guide_blocks()) >= 6


def test_every_python_block_of_the_guide_runs(sdk_org: SdkOrg, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FLUXRATE_API_KEY", sdk_org.key)
    monkeypatch.setenv("FLUXRATE_BASE_URL", sdk_org.url)
    namespace: dict[str, object] = {"__name__": "guide"}
    for block in _guide_blocks():
        exec(compile(block, "README.md (SDK Guide)", "exec"), namespace)
    printed = capsys.readouterr().out
    assert "remaining this month:" in printed
    assert "422 " in printed and " email " in printed
    assert namespace["tracker"].stats.accepted == 5_000
