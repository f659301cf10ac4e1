"""The client's retry loop, over httpx's in-memory transport (no network): which failures
are retried, how long it waits, that a usage event keeps its key, and the typed errors."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from fluxrate import (
    APIConnectionError,
    ConflictError,
    Fluxrate,
    InternalServerError,
    ServiceUnavailableError,
    UnprocessableEntityError,
)
from fluxrate._retry import Backoff, RetryBudget, RetryPolicy

ACCEPTED = {"status": "accepted", "id": None, "idempotency_key": "k"}


def _client(handler: Callable[[httpx.Request], httpx.Response], **kwargs) -> Fluxrate:
    http = httpx.Client(transport=httpx.MockTransport(handler), base_url="http://api.test")
    client = Fluxrate(api_key="org_live_test", base_url="http://api.test", http_client=http, **kwargs)
    client._config.retry.backoff = Backoff(initial=0.001, maximum=0.002)  # type: ignore[misc]
    return client


def _error(status: int, code: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, headers=headers, json={"error": {
        "type": "api_error", "code": code, "message": code.replace("_", " "), "field": "events"}})


def test_a_usage_event_is_retried_through_503s_with_the_same_idempotency_key(monkeypatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("fluxrate._http.time.sleep", waits.append)
    seen: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        if len(seen) < 3:
            return _error(503, "broker_unavailable", {"Retry-After": "1"})
        return httpx.Response(202, json=ACCEPTED)

    client = _client(handler)
    answer = client.usage.track(meter_token="0190a000-0000-7000-8000-000000000000",
                                customer_external_id="c1", quantity=1)
    assert answer.status == "accepted"
    assert len(seen) == 3 and len({e["idempotency_key"] for e in seen}) == 1
    assert seen[0]["idempotency_key"].startswith("sdk_")
    assert waits == [1.0, 1.0]  # Retry-After honoured


def test_retries_stop_at_max_retries_and_raise_the_typed_error(monkeypatch) -> None:
    monkeypatch.setattr("fluxrate._http.time.sleep", lambda _: None)
    calls = []
    client = _client(lambda r: calls.append(r) or _error(503, "broker_unavailable"), max_retries=3)
    with pytest.raises(ServiceUnavailableError) as failed:
        client.usage.record(meter_name="m", customer_external_id="c", quantity=1)
    assert len(calls) == 4 and failed.value.code == "broker_unavailable"
    assert failed.value.field == "events" and failed.value.status_code == 503


def test_a_create_is_not_repeated_after_an_ambiguous_500_but_a_read_is(monkeypatch) -> None:
    monkeypatch.setattr("fluxrate._http.time.sleep", lambda _: None)
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return _error(500, "internal_error")

    client = _client(handler)
    with pytest.raises(InternalServerError):
        client.plans.create(name="P", type="FIXED", interval="month", currency="USD")
    assert calls == ["POST"]
    calls.clear()
    with pytest.raises(InternalServerError):
        client.plans.retrieve("p1")
    assert calls == ["GET", "GET", "GET"]


def test_connection_failures_are_retried_then_raised(monkeypatch) -> None:
    monkeypatch.setattr("fluxrate._http.time.sleep", lambda _: None)
    attempts = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) < 3:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json={"data": [], "next_cursor": None})

    assert _client(handler).customers.list().to_list() == [] and len(attempts) == 3
    refusing = _client(lambda r: (_ for _ in ()).throw(httpx.ConnectError("refused", request=r)))
    with pytest.raises(APIConnectionError) as failed:
        refusing.meters.list().to_list()
    assert failed.value.status_code is None


def test_client_errors_are_never_retried_and_keep_their_envelope() -> None:
    calls = []
    client = _client(lambda r: calls.append(r) or _error(422, "invalid_value"))
    with pytest.raises(UnprocessableEntityError) as invalid:
        client.meters.create(name="m", aggregation="MEDIAN")
    assert len(calls) == 1 and invalid.value.code == "invalid_value"
    assert "invalid value" in str(invalid.value) and "(field: events)" in str(invalid.value)
    with pytest.raises(ConflictError):
        _client(lambda r: _error(409, "invalid_transition")).subscriptions.pause("s1")


def test_backoff_grows_with_jitter_and_a_long_retry_after_is_not_waited_for() -> None:
    backoff = Backoff(initial=0.5, maximum=8.0, jitter=0.25)
    assert [backoff.delay(n, rand=lambda: 0.0) for n in range(6)] == [0.5, 1, 2, 4, 8, 8]
    assert backoff.delay(2, rand=lambda: 1.0) == 1.5
    assert backoff.delay(0, retry_after=3) == 3 and backoff.delay(0, retry_after=3600) is None


def test_the_budget_allows_a_share_of_retries_and_a_trickle_of_reserve() -> None:
    now = [0.0]
    budget = RetryBudget(ratio=0.1, reserve_per_second=1.0, capacity=10, clock=lambda: now[0])
    spent = sum(budget.try_spend() for _ in range(20))
    assert spent == 10  # the initial reserve
    for _ in range(30):
        budget.record_request()
    assert sum(budget.try_spend() for _ in range(20)) == 3  # 10% of 30 requests
    now[0] += 2.0
    assert sum(budget.try_spend() for _ in range(20)) == 2  # the reserve refills
    policy = RetryPolicy(max_retries=5, budget=budget)
    assert policy.next_delay(0, retryable=True) is None  # budget spent: raise instead
