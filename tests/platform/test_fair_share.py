"""Fair share on the real platform (`fluxrate dev`, its own, with small limits): rate limits per
key and per org answered 429 with Retry-After, ingest counted in events, sign-in throttled per
account and per client with growing delays, made-up API keys answered at once, and one org's
oversized events never refusing another org's."""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.support.api import PASSWORD, Api, Org, signup
from tests.support.platform import RunningPlatform, start_platform
from tests.support.processes import eventually
from tests.support.stack import ServerStack

PER_KEY, PER_ORG, INGEST_PER_KEY = 20, 30, 1000


@pytest.fixture(scope="module")
async def fair(stack: ServerStack, tmp_path_factory: pytest.TempPathFactory
               ) -> AsyncIterator[RunningPlatform]:
    environment = await stack.new_environment(
        FLUXRATE_RATE_LIMIT_PER_KEY=str(PER_KEY), FLUXRATE_RATE_LIMIT_PER_ORG=str(PER_ORG),
        FLUXRATE_INGEST_RATE_LIMIT_PER_KEY=str(INGEST_PER_KEY),
        FLUXRATE_INGEST_RATE_LIMIT_PER_ORG="1000000",
        FLUXRATE_TRUSTED_PROXY_HOPS="1")  # each test signs in from its own client address
    running = await start_platform(environment, tmp_path_factory.mktemp("fair"))
    yield running
    running.process.stop()


def _client() -> dict[str, str]:
    """A client address of its own, as the trusted proxy in front would append it."""
    octets = secrets.token_bytes(2)
    return {"X-Forwarded-For": f"203.0.113.7, 198.18.{octets[0]}.{octets[1]}"}


async def _until_refused(api: Api, path: str, rounds: int = 100):
    """Rounds of 10 requests at once until one is refused: (the others' statuses, the 429)."""
    passed: list[int] = []
    for _ in range(rounds):
        replies = await asyncio.gather(*(api.get(path) for _ in range(10)))
        refused = [r for r in replies if r.status == 429]
        passed += [r.status for r in replies if r.status != 429]
        if refused:
            return passed, refused[0]
    raise AssertionError(f"no 429 after {rounds * 10} requests")


def _is_rate_limited(reply, scope: str, unit: str) -> bool:
    error = reply.error
    return (error["type"] == "rate_limit_error" and error["code"] == "rate_limited"
            and error["details"]["scope"] == scope and error["details"]["unit"] == unit
            and int(reply.headers["Retry-After"]) >= 1)


async def test_a_key_over_its_limit_gets_429_and_other_orgs_do_not(fair: RunningPlatform) -> None:
    noisy, quiet = await signup(fair.url), await signup(fair.url)
    noisy_key = noisy.session.with_key(await noisy.api_key("read"))
    quiet_key = quiet.session.with_key(await quiet.api_key("read"))
    passed, refused = await _until_refused(noisy_key, "/api/v1/meters")
    assert set(passed) == {200} and len(passed) >= PER_KEY  # nobody refused early
    assert _is_rate_limited(refused, "key", "requests"), refused.body
    assert (await quiet_key.get("/api/v1/meters")).status == 200  # another org is untouched

    async def served_again() -> bool:
        return (await noisy_key.get("/api/v1/meters")).status == 200

    await eventually(served_again, timeout=10)  # the window passes


async def test_an_orgs_keys_and_users_share_its_limit(fair: RunningPlatform) -> None:
    org = await signup(fair.url)
    keys = [org.session.with_key(await org.api_key("read")) for _ in range(3)]
    refusal = None
    for _ in range(50):  # rounds of one request per key, until the org's limit says no
        replies = await asyncio.gather(*(k.get("/api/v1/meters") for k in keys * 4))
        refused = [r for r in replies if r.status == 429]
        if refused:
            refusal = refused[0]
            break
    assert refusal is not None and _is_rate_limited(refusal, "org", "requests"), refusal
    other = await signup(fair.url)
    assert (await other.session.get("/api/v1/meters")).status == 200


async def test_ingest_counts_events_a_full_batch_fills_the_window(fair: RunningPlatform) -> None:
    org = await signup(fair.url)
    await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    await org.session.post("/api/v1/customers", {"external_id": "c1"})
    batch = {"events": [{"meter_name": "calls", "customer_external_id": "c1", "quantity": 1,
                         "idempotency_key": f"e-{uuid.uuid4()}"} for _ in range(INGEST_PER_KEY)]}
    one = {"meter_name": "calls", "customer_external_id": "c1", "quantity": 1}
    for _ in range(5):  # a fresh key each round: its window starts with the batch
        key = org.session.with_key(await org.api_key("write"))
        full = await key.post("/api/v1/usage/batch", batch)
        assert full.status == 200 and full.body["rejected"] == 0, full.body  # 1,000 fit
        single = await key.post("/api/v1/usage", one)
        if single.status == 429:
            assert _is_rate_limited(single, "key", "events"), single.body
            break
        assert single.status == 202  # only if the batch took the whole second: try again
    else:
        raise AssertionError("one more event after a full batch was never refused")
    other_key = org.session.with_key(await org.api_key("write"))
    assert (await other_key.post("/api/v1/usage", one)).status == 202


async def test_login_is_throttled_per_account_with_growing_delays(fair: RunningPlatform) -> None:
    org = await signup(fair.url)
    client = _client()
    api = Api(fair.url)
    wrong = {"email": org.email, "password": "not the password"}
    waits: list[int] = []
    for _ in range(40):
        reply = await api.post("/api/v1/auth/login", wrong, headers=client)
        if reply.status == 429:
            assert reply.error == {"type": "rate_limit_error", "code": "login_throttled",
                                   "message": reply.error["message"]}
            waits.append(int(reply.headers["Retry-After"]))
            if waits[-1] >= 4:
                break
            await eventually(_login_status_is(api, wrong, client, 401), timeout=20, interval=0.2)
        else:
            assert reply.status == 401
    assert waits and waits[-1] >= 4 and waits == sorted(waits), waits  # the delays grow
    right = {"email": org.email, "password": PASSWORD}
    during = await api.post("/api/v1/auth/login", right, headers=client)
    assert during.status == 429  # the right password waits for the lock to expire too
    elsewhere = await api.post("/api/v1/auth/login", right, headers=_client())
    assert elsewhere.status == 429  # the account is locked, from wherever
    await eventually(_login_status_is(api, right, client, 200), timeout=30, interval=0.5)


async def test_login_is_throttled_per_client_across_accounts(fair: RunningPlatform) -> None:
    org = await signup(fair.url)
    client, api = _client(), Api(fair.url)
    guesses = ({"email": f"guess-{n}@example.com", "password": "x" * 12} for n in itertools.count())
    statuses: list[int] = []
    waits: list[int] = []
    for _ in range(60):  # a different (unknown) account each time: only the client counts
        reply = await api.post("/api/v1/auth/login", next(guesses), headers=client)
        statuses.append(reply.status)
        if reply.status == 429:
            assert reply.error["code"] == "login_throttled"
            waits.append(int(reply.headers["Retry-After"]))
            if waits[-1] >= 8:  # a lock long enough to outlast the next requests on any machine
                break
            await eventually(_guess_status_is(api, guesses, client, 401), timeout=30, interval=0.2)
        else:
            assert reply.status == 401
    assert 429 in statuses and statuses.index(429) >= 20, statuses  # 20 free failures first
    assert waits[-1] >= 8 and waits == sorted(waits), waits  # the delays grow
    right = {"email": org.email, "password": PASSWORD}
    assert (await api.post("/api/v1/auth/login", right, headers=client)).status == 429
    assert (await api.post("/api/v1/auth/login", right, headers=_client())).status == 200


def _guess_status_is(api: Api, guesses: Iterator[dict], client: dict, status: int):
    async def check() -> bool:
        return (await api.post("/api/v1/auth/login", next(guesses), headers=client)).status == status
    return check


def _login_status_is(api: Api, body: dict, client: dict, status: int):
    async def check() -> bool:
        return (await api.post("/api/v1/auth/login", body, headers=client)).status == status
    return check


async def test_made_up_keys_are_refused_at_once_new_ones_work_at_once(fair: RunningPlatform) -> None:
    org = await signup(fair.url)
    started = time.monotonic()
    for _ in range(20):
        made_up = "org_live_" + secrets.token_urlsafe(30)
        reply = await Api(fair.url, api_key=made_up).get("/api/v1/meters")
        assert reply.status == 401 and reply.error["code"] == "invalid_api_key"
    # Each one used to wait for the read model (1 s); now none does.
    assert time.monotonic() - started < 10
    fresh = await org.api_key("read", "write")
    assert (await Api(fair.url, api_key=fresh).get("/api/v1/meters")).status == 200
    another = await org.api_key("read", "write")
    accepted = await Api(fair.url, api_key=another).post(
        "/api/v1/usage", {"meter_name": "missing", "customer_external_id": "c", "quantity": 1})
    assert accepted.status == 422  # known at once: refused for its meter, not for its key


async def test_one_orgs_oversized_events_never_refuse_another_orgs(fair: RunningPlatform) -> None:
    bad, good = await _usage_org(fair), await _usage_org(fair)
    bad_key = bad.session.with_key(await bad.api_key("write"))
    good_key = good.session.with_key(await good.api_key("write"))
    huge = {"meter_name": "calls", "customer_external_id": "c1", "quantity": 1,
            "properties": {"blob": "x" * 1_200_000}}
    normal = {"meter_name": "calls", "customer_external_id": "c1", "quantity": 1}
    assert (await good_key.post("/api/v1/usage", normal)).status == 202  # read models warm
    good_done = asyncio.Event()

    async def good_traffic() -> list[int]:
        statuses = [(await good_key.post("/api/v1/usage", normal)).status for _ in range(30)]
        good_done.set()
        return statuses

    async def bad_traffic() -> list[int]:
        statuses = []
        while not good_done.is_set():
            statuses.append((await bad_key.post("/api/v1/usage", huge)).status)
        return statuses

    good_statuses, bad_statuses = await asyncio.gather(good_traffic(), bad_traffic())
    assert bad_statuses and set(bad_statuses) <= {413, 422}, bad_statuses  # its own error
    assert good_statuses == [202] * 30, good_statuses  # never a 503 for the other org


async def _usage_org(platform: RunningPlatform) -> Org:
    org = await signup(platform.url)
    await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    await org.session.post("/api/v1/customers", {"external_id": "c1"})
    return org
