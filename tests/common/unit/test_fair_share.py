"""Rate limits per key and per org, the client address behind proxies, and the rules for
writes signed in with a cookie."""

from __future__ import annotations

from uuid import uuid4

import pytest
from aiohttp.test_utils import make_mocked_request

from fluxrate_common.auth.authenticator import guard_cookie_write
from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.errors import Forbidden, UnsupportedMediaType
from fluxrate_common.http.forwarded import client_address
from fluxrate_common.http.ratelimit import Quota, RateLimited, RateLimiter
from fluxrate_common.settings import ServiceSettings
from fluxrate_ingest.settings import Settings as IngestSettings

RW = frozenset({"read", "write"})


def _key(org_id=None) -> Principal:
    return Principal(org_id=org_id or uuid4(), scopes=RW, api_key_id=uuid4())


def test_production_defaults_are_the_documented_ones() -> None:
    settings = ServiceSettings()
    assert (settings.rate_limit_per_key, settings.rate_limit_per_org) == (100, 200)
    assert settings.cookie_secure is True
    ingest = IngestSettings()
    assert (ingest.ingest_rate_limit_per_key, ingest.ingest_rate_limit_per_org) == (10_000, 20_000)


def test_a_key_over_its_limit_is_refused_with_retry_after_and_others_are_not() -> None:
    limiter = RateLimiter(Quota(per_key=5, per_org=100))
    noisy, quiet = _key(), _key()
    for _ in range(5):
        limiter.charge(noisy)
    with pytest.raises(RateLimited) as refused:
        limiter.charge(noisy)
    error = refused.value
    assert error.status == 429 and error.body()["error"]["type"] == "rate_limit_error"
    assert error.code == "rate_limited" and error.details["scope"] == "key"
    assert 1 <= int(error.headers["Retry-After"]) <= 1
    limiter.charge(quiet)  # another key, another org: untouched


def test_an_orgs_keys_share_the_org_limit() -> None:
    limiter = RateLimiter(Quota(per_key=5, per_org=8))
    org = uuid4()
    first, second = _key(org), _key(org)
    for _ in range(5):
        limiter.charge(first)
    for _ in range(3):
        limiter.charge(second)
    with pytest.raises(RateLimited) as refused:
        limiter.charge(second)
    assert refused.value.details["scope"] == "org"
    limiter.charge(_key())  # another org


def test_events_are_counted_not_requests() -> None:
    limiter = RateLimiter(Quota(per_key=1000, per_org=10_000, unit="events"))
    caller = _key()
    limiter.charge(caller, 1000)  # a full batch fits
    with pytest.raises(RateLimited) as refused:
        limiter.charge(caller, 1)
    assert refused.value.details["unit"] == "events" and "1000 events" in refused.value.message


def test_dashboard_users_are_limited_by_user_and_services_never() -> None:
    limiter = RateLimiter(Quota(per_key=2, per_org=100))
    user = Principal(org_id=uuid4(), scopes=RW, user_id=uuid4())
    limiter.charge(user)
    limiter.charge(user)
    with pytest.raises(RateLimited):
        limiter.charge(user)
    service = Principal(org_id=user.org_id, scopes=frozenset({"read"}))
    for _ in range(1000):
        limiter.charge(service)


def test_a_full_batch_must_fit_in_the_ingest_limits() -> None:
    with pytest.raises(ValueError, match="FLUXRATE_INGEST_RATE_LIMIT_PER_KEY"):
        IngestSettings(ingest_rate_limit_per_key=500, ingest_max_batch_events=1000)


@pytest.mark.parametrize(("hops", "forwarded", "client"), [
    (0, "203.0.113.9", "127.0.0.1"),  # no proxy trusted: the header is the caller's own words
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "10.9.9.9, 203.0.113.9", "203.0.113.9"),  # the first entry was written by the client
    (2, "10.9.9.9, 203.0.113.9, 192.0.2.1", "203.0.113.9"),
    (2, "203.0.113.9", "203.0.113.9"),
    (1, None, "127.0.0.1"),
])
def test_the_client_is_read_only_from_trusted_proxies(hops: int, forwarded: str | None,
                                                      client: str) -> None:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    request = make_mocked_request("POST", "/api/v1/auth/login", headers=headers,
                                  transport=_Peer("127.0.0.1"))
    assert client_address(request, hops) == client


class _Peer:
    def __init__(self, address: str) -> None:
        self._address = address

    def get_extra_info(self, name: str, default=None):
        return (self._address, 40000) if name == "peername" else default


def _write(headers: dict[str, str], body: bytes = b"") -> None:
    headers = {"Host": "app.example.com", **headers}
    extra = {}
    if body:  # only whether a body exists matters here, not what it holds
        headers["Content-Length"] = str(len(body))
        extra["payload"] = object()
    request = make_mocked_request("POST", "/api/v1/meters", headers=headers, **extra)
    guard_cookie_write(request)


@pytest.mark.parametrize(("headers", "body"), [
    ({"Content-Type": "application/json"}, b"{}"),
    ({"Content-Type": "application/json; charset=utf-8", "Origin": "https://app.example.com"},
     b"{}"),
    ({}, b""),  # no body at all: curl -X POST, the dashboard's refresh
    ({"Content-Type": "application/octet-stream"}, b""),  # what some clients add to nothing
    ({"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}, b"{}"),
])
def test_cookie_writes_from_our_own_pages_pass(headers: dict[str, str], body: bytes) -> None:
    _write(headers, body)


@pytest.mark.parametrize(("headers", "body"), [
    ({"Content-Type": "text/plain"}, b'{"name": "x"}'),
    ({"Content-Type": "text/plain"}, b""),  # an empty cross-site form
    ({"Content-Type": "application/x-www-form-urlencoded"}, b"name=x"),
    ({"Content-Type": "multipart/form-data; boundary=x"}, b"--x--"),
    ({}, b'{"name": "x"}'),  # a body that does not say what it is
])
def test_cookie_writes_a_form_could_send_are_refused_415(headers: dict[str, str],
                                                         body: bytes) -> None:
    with pytest.raises(UnsupportedMediaType) as refused:
        _write(headers, body)
    assert refused.value.status == 415 and refused.value.code == "json_required"


@pytest.mark.parametrize("headers", [
    {"Content-Type": "application/json", "Origin": "https://evil.example"},
    {"Content-Type": "application/json", "Origin": "null"},
    {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"},
    {"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"},
])
def test_cookie_writes_from_another_site_are_refused_403(headers: dict[str, str]) -> None:
    with pytest.raises(Forbidden):
        _write(headers, b"{}")
