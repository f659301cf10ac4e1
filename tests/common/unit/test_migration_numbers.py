"""Each service's migrations carry distinct numbers, so the order they apply in reads plainly
from their names (two branches may each add "the next" number; the later merge renumbers)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FOLDERS = sorted({*REPO.glob("services/*/src/*/migrations"),
                  REPO / "libs" / "fluxrate_common" / "src" / "fluxrate_common" / "migrations"})


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: str(f.relative_to(REPO)))
def test_migration_numbers_are_distinct(folder: Path) -> None:
    numbers = Counter(f.name.split("_", 1)[0] for f in folder.glob("*.sql"))
    assert [n for n, count in numbers.items() if count > 1] == []


def test_every_service_has_migrations() -> None:
    assert len(FOLDERS) >= 8 and all(any(f.glob("*.sql")) for f in FOLDERS)
