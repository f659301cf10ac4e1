"""Which due deliveries a dispatcher takes: oldest due first, never more than the free slots,
never more for one endpoint than its room, so one endpoint's backlog leaves the others theirs."""

from __future__ import annotations

from uuid import uuid4

from fluxrate_webhooks.dispatcher import pick


def test_a_backlogged_endpoint_takes_only_its_room_and_the_rest_go_to_others() -> None:
    slow, fast, other_org = uuid4(), uuid4(), uuid4()
    backlog = [(uuid4(), slow) for _ in range(100)]
    others = [(uuid4(), fast) for _ in range(3)] + [(uuid4(), other_org)]
    chosen = pick(backlog + others, free=10, room={slow: 3}, per_endpoint=8)
    assert len(chosen) == 7
    assert {d for d, _ in others} <= set(chosen)


def test_an_endpoint_with_nothing_in_flight_gets_its_whole_share() -> None:
    endpoint = uuid4()
    chosen = pick([(uuid4(), endpoint) for _ in range(20)], free=100, room={}, per_endpoint=8)
    assert len(chosen) == 8


def test_never_more_than_the_free_slots() -> None:
    endpoints = [uuid4() for _ in range(20)]
    candidates = [(uuid4(), e) for e in endpoints]
    assert len(pick(candidates, free=7, room={}, per_endpoint=8)) == 7
    assert pick(candidates, free=0, room={}, per_endpoint=8) == []


def test_an_endpoint_without_room_gets_nothing() -> None:
    full = uuid4()
    assert pick([(uuid4(), full), (uuid4(), full)], free=10, room={full: 0}, per_endpoint=8) == []
