"""The event catalogue: every type declared once and documented, nothing undeclared written,
no producer spelling a type by hand."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import orjson
import pytest

from fluxrate_common.db.eventstore import Append, append_events_many
from fluxrate_common.events import CATALOGUE, Envelope, UndeclaredEvent
from fluxrate_common.events.usage import USAGE_RECORDED
from fluxrate_ingest.batcher import UsageEncoder
from fluxrate_ingest.domain.usage import MeterView, Submitted, Window, build_record
from fluxrate_platform import eventdocs

REPO = Path(__file__).resolve().parents[3]


def test_the_documentation_holds_every_declared_type_and_its_schema() -> None:
    for path, text in eventdocs.rendered().items():
        assert path.exists() and path.read_text() == text, \
            f"{path} is stale: run `.venv/bin/fluxrate events --write` (or make openapi)"
    documented = {p.name for p in eventdocs.SCHEMAS.glob("*.json")}
    assert documented == {eventdocs.schema_file(t) for t in eventdocs.platform_types()}


async def test_an_undeclared_event_never_reaches_an_outbox() -> None:
    stray = Envelope(id=uuid4(), type="thing.happened", org_id=uuid4(),
                     occurred_at=datetime.now(UTC), data={})
    with pytest.raises(UndeclaredEvent):
        await append_events_many(None, [Append("thing", uuid4(), 0, [stray], "topic")])


def test_a_payload_that_does_not_fit_its_declaration_is_refused() -> None:
    from fluxrate_common.events.identity import ORG_CREATED

    with pytest.raises(ValueError):
        ORG_CREATED.make(uuid4(), datetime.now(UTC), {"id": str(uuid4())})  # no name


def test_the_hand_built_usage_message_fits_its_declaration() -> None:
    meter = MeterView(uuid4(), uuid4(), "calls", uuid4(), "SUM", "quantity",
                      ({"property": "model", "operator": "eq", "value": "a"},), True)
    window = Window(max_future=timedelta(minutes=5), backfill=timedelta(days=35))
    record = build_record(uuid4(), meter.org_id, uuid4(), meter,
                          Submitted(Decimal("2.5"), None, "k", {"model": "a"}), window.at(datetime.now(UTC)))
    (message,) = UsageEncoder().encode([record], partitions=3)
    USAGE_RECORDED.parse(Envelope.model_validate(orjson.loads(message.value)))


def test_no_producer_or_consumer_spells_an_event_type_by_hand() -> None:
    names = set(CATALOGUE)
    spelled = []
    for path in [*REPO.glob("services/*/src/**/*.py"), *REPO.glob("libs/*/src/**/*.py")]:
        if "/events/" in str(path):
            continue  # the declarations themselves
        for literal in re.findall(r"[\"']([a-z_]+\.[a-z_]+)[\"']", path.read_text()):
            if literal in names:
                spelled.append(f"{path.relative_to(REPO)}: {literal}")
    assert not spelled, spelled
