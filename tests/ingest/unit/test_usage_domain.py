from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import orjson
import pytest
from aiokafka.partitioner import murmur2

from fluxrate_ingest.batcher import MESSAGE_BYTES, UsageEncoder, claim_of
from fluxrate_ingest.domain.usage import (
    MeterView,
    Rejected,
    Submitted,
    Window,
    build_record,
    canonical,
    derived_key,
    measure,
)

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
WINDOW = Window(max_future=timedelta(minutes=5), backfill=timedelta(days=35))


def meter(aggregation: str = "SUM", prop: str = "quantity") -> MeterView:
    return MeterView(uuid4(), uuid4(), "m", uuid4(), aggregation, prop, (), True)


def event(quantity: str | None = None, bag: str = "properties", **props: object) -> Submitted:
    return Submitted(Decimal(quantity) if quantity else None, None, None, props, bag)


@pytest.mark.parametrize(("aggregation", "prop", "submitted", "expected"), [
    ("SUM", "quantity", event("5"), (Decimal(5), None)),
    ("SUM", "tokens", event(tokens=12), (Decimal(12), None)),
    ("SUM", "tokens", event("3"), (Decimal(3), None)),  # the property absent: quantity counts
    ("COUNT", "quantity", event(), (Decimal(1), None)),
    ("MAX", "seats", event(seats=0), (Decimal(0), None)),
    ("LAST", "gb", event(gb="12.50"), (Decimal("12.50"), None)),
    ("UNIQUE_COUNT", "user", event(user=10.0), (None, "10")),
])
def test_what_a_meter_reads(aggregation: str, prop: str, submitted: Submitted, expected: tuple) -> None:
    assert measure(meter(aggregation, prop), submitted) == expected


@pytest.mark.parametrize(("aggregation", "prop", "submitted", "field"), [
    ("SUM", "quantity", event(), "quantity"),
    ("SUM", "tokens", event(tokens=0), "properties.tokens"),
    ("SUM", "tokens", event(tokens=True), "properties.tokens"),
    ("MAX", "seats", event(seats=-1), "properties.seats"),
    ("UNIQUE_COUNT", "user", event("1", bag="metadata"), "metadata.user"),
    ("UNIQUE_COUNT", "user", event(user=""), "properties.user"),
])
def test_refusals_name_the_field(aggregation: str, prop: str, submitted: Submitted, field: str) -> None:
    with pytest.raises(Rejected) as error:
        measure(meter(aggregation, prop), submitted)
    assert error.value.field == field


def test_the_timestamp_window_and_key_derivation() -> None:
    m, customer, org = meter(), uuid4(), uuid4()
    accepted = WINDOW.at(NOW)
    for late in (NOW + timedelta(minutes=6), NOW - timedelta(days=36)):
        with pytest.raises(Rejected) as error:
            build_record(uuid4(), org, customer, m, Submitted(Decimal(1), late, None, {}), accepted)
        assert error.value.field == "timestamp"
    timed = Submitted(Decimal(1), NOW - timedelta(hours=1), None, {"a": 1})
    first = build_record(uuid4(), org, customer, m, timed, accepted)
    again = build_record(uuid4(), org, customer, m, timed, accepted)
    assert first.idempotency_key == again.idempotency_key and first.idempotency_key.startswith("derived:")
    untimed = Submitted(Decimal(1), None, None, {})
    assert build_record(uuid4(), org, customer, m, untimed, accepted).idempotency_key != \
        build_record(uuid4(), org, customer, m, untimed, accepted).idempotency_key
    assert derived_key(m.id, customer, NOW, Decimal("1.0"), None, {}) == \
        derived_key(m.id, customer, NOW, Decimal("1"), None, {})


def test_equal_values_have_one_spelling() -> None:
    assert {canonical(10), canonical(Decimal("10.0")), canonical("10")} == {"10"}
    assert canonical(True) == "true"


def test_each_customer_lands_where_kafka_would_put_its_key() -> None:
    org, customers = uuid4(), [uuid4() for _ in range(30)]
    records = [build_record(uuid4(), org, customers[i % 30], meter(), event("1"), WINDOW.at(NOW))
               for i in range(300)]
    messages = UsageEncoder().encode(records, partitions=12)
    assert len(messages) <= 12
    for message_id, partition, value in messages:
        assert orjson.loads(value)["id"] == str(message_id)
        for e in orjson.loads(value)["data"]["events"]:
            expected = (murmur2(f"{org}:{e['customer_id']}".encode()) & 0x7FFFFFFF) % 12
            assert partition == expected


def test_messages_stay_well_under_what_a_broker_accepts() -> None:
    org, customer_id = uuid4(), uuid4()
    big = {f"k{i}": "x" * 78 for i in range(100)}  # ~8 KiB: the most an event's bag may hold
    records = [build_record(uuid4(), org, customer_id, meter(), event("1")._replace(properties=big),
                            WINDOW.at(NOW)) for i in range(300)]
    messages = UsageEncoder().encode(records, partitions=1)
    assert len(messages) > 1 and all(len(m.value) <= MESSAGE_BYTES for m in messages)
    decoded = [e for m in messages for e in orjson.loads(m.value)["data"]["events"]]
    assert [e["id"] for e in decoded] == [str(r.id) for r in records]  # all, in order


def test_the_same_key_for_another_event_is_a_reuse_and_for_the_same_event_a_duplicate() -> None:
    org, customer_id, calls = uuid4(), uuid4(), meter()
    first = build_record(uuid4(), org, customer_id, calls, event("1"), WINDOW.at(NOW))
    retried = build_record(uuid4(), org, customer_id, calls, event("1"),
                           WINDOW.at(NOW + timedelta(seconds=30)))  # stamped on arrival, later
    other = build_record(uuid4(), org, customer_id, calls, event("2"), WINDOW.at(NOW))
    taken = {(org, first.idempotency_key): first.fingerprint}
    assert claim_of(retried._replace(idempotency_key=first.idempotency_key), taken) == "duplicate"
    assert claim_of(other._replace(idempotency_key=first.idempotency_key), taken) == "reused"
    assert claim_of(other._replace(idempotency_key="new"), taken) == "accepted"
    assert claim_of(other._replace(idempotency_key=first.idempotency_key),
                    {(org, first.idempotency_key): None}) == "duplicate"  # a key from before
