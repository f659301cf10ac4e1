from __future__ import annotations

import re
from pathlib import Path

from tests.support.settings_names import known_setting_names

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_lists_every_setting_and_no_other() -> None:
    listed = set(re.findall(r"^\| `(FLUXRATE_[A-Z0-9_]+)` \|", README, re.MULTILINE))
    assert listed == known_setting_names()


def test_readme_gives_the_two_commands_first() -> None:
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
