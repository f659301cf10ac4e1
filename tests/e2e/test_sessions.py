"""Sessions through HTTP: signing out revokes the access token in every service, a reused
refresh token revokes its whole session, and writes signed in with the cookie must be JSON
and come from the same site."""

from __future__ import annotations

import time
import uuid

from tests.support.api import PASSWORD, Api, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually

REVOCATION_BOUND = 10.0  # seconds; typically tens of milliseconds
_EVENT = {"meter_name": "nope", "customer_external_id": "c", "quantity": 1}
# A read (or, for ingest, a write) that any valid session may make, one per service.
PROBES = [("identity", "GET", "/api/v1/auth/me", None),
          ("catalog", "GET", "/api/v1/meters", None),
          ("subscriptions", "GET", "/api/v1/customers", None),
          ("invoicing", "GET", "/api/v1/invoices", None),
          ("aggregator", "GET", "/api/v1/usage/events", None),
          ("ingest", "POST", "/api/v1/usage", _EVENT)]


async def _status_by_service(url: str, token: str) -> dict[str, int]:
    api = Api(url, cookies={"access_token": token})
    return {service: (await api.request(method, path, body)).status
            for service, method, path, body in PROBES}


async def _refused_everywhere_within(url: str, token: str, bound: float) -> float:
    started = time.monotonic()

    async def all_refuse() -> bool:
        return set((await _status_by_service(url, token)).values()) == {401}

    await eventually(all_refuse, timeout=bound, interval=0.05)
    return time.monotonic() - started


async def test_logout_revokes_the_access_token_in_every_service(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    token = org.session.cookies["access_token"]
    before = await _status_by_service(platform.url, token)
    assert 401 not in before.values(), before  # every service knows the session
    assert (await org.session.post("/api/v1/auth/logout")).status == 204
    # Identity refuses at once; the others within the bound.
    me = await Api(platform.url, cookies={"access_token": token}).get("/api/v1/auth/me")
    assert me.status == 401 and me.error["code"] == "session_revoked"
    await _refused_everywhere_within(platform.url, token, REVOCATION_BOUND)
    bearer = await Api(platform.url).get("/api/v1/meters",
                                         headers={"Authorization": f"Bearer {token}"})
    assert bearer.status == 401 and bearer.error["code"] == "session_revoked"
    # Signing in again gives a new session that works.
    login = await Api(platform.url).post("/api/v1/auth/login",
                                         {"email": org.email, "password": PASSWORD})
    assert login.status == 200
    fresh = await _status_by_service(platform.url, login.body["access_token"])
    assert 401 not in fresh.values()


async def test_a_reused_refresh_token_revokes_its_whole_session(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    stolen = org.session.cookies["refresh_token"]
    other_session = await Api(platform.url).post("/api/v1/auth/login",
                                                 {"email": org.email, "password": PASSWORD})
    asked_at = time.monotonic()
    assert (await org.session.post("/api/v1/auth/refresh")).status == 200
    rotated_at = time.monotonic()
    access_after_refresh = org.session.cookies["access_token"]
    current_refresh = org.session.cookies["refresh_token"]
    thief = Api(platform.url, cookies={"refresh_token": stolen})
    raced = await thief.post("/api/v1/auth/refresh")
    if time.monotonic() - asked_at < 5:  # within the grace (as good as always): refused, no more
        assert raced.status == 401 and raced.error["code"] == "refresh_token_invalid"
        assert (await org.session.get("/api/v1/auth/me")).status == 200

    async def grace_over() -> bool:
        return time.monotonic() - rotated_at > 5.5

    await eventually(grace_over, timeout=10)
    reuse = await thief.post("/api/v1/auth/refresh")
    assert reuse.status == 401 and reuse.error["code"] == "refresh_token_reused"
    # The family is gone: the rotated refresh token and the session's access tokens too.
    owner = Api(platform.url, cookies={"refresh_token": current_refresh})
    assert (await owner.post("/api/v1/auth/refresh")).status == 401
    await _refused_everywhere_within(platform.url, access_after_refresh, REVOCATION_BOUND)
    # Another sign-in of the same user is its own session and is untouched.
    untouched = await _status_by_service(platform.url, other_session.body["access_token"])
    assert 401 not in untouched.values()


async def test_cookie_writes_must_be_json_and_same_site(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = {"name": f"m{uuid.uuid4().hex[:6]}", "aggregation": "SUM"}
    body = str(meter).replace("'", '"').encode()
    text = await org.session.post("/api/v1/meters", data=body,
                                  headers={"Content-Type": "text/plain"})
    assert text.status == 415 and text.error["code"] == "json_required"
    no_origin_form = await org.session.post("/api/v1/meters", data=b"name=x&aggregation=SUM",
                                            headers={"Content-Type":
                                                     "application/x-www-form-urlencoded"})
    assert no_origin_form.status == 415
    cross_site = await org.session.post("/api/v1/meters", meter,
                                        headers={"Origin": "https://evil.example"})
    assert cross_site.status == 403 and cross_site.error["code"] == "cross_site_request"
    fetch_metadata = await org.session.post("/api/v1/meters", meter,
                                            headers={"Sec-Fetch-Site": "cross-site"})
    assert fetch_metadata.status == 403
    ok = await org.session.post("/api/v1/meters", meter,
                                headers={"Origin": platform.url, "Sec-Fetch-Site": "same-origin"})
    assert ok.status == 201, ok.body
    # An API key is not a cookie: its callers send whatever their HTTP library sends.
    keyed = Api(platform.url, api_key=await org.api_key("read", "write"))
    plain = await keyed.post("/api/v1/meters", data=body.replace(b'"m', b'"k'),
                             headers={"Content-Type": "text/plain"})
    assert plain.status == 201, plain.body


async def test_refresh_and_logout_with_a_foreign_form_are_refused(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    for path in ("/api/v1/auth/refresh", "/api/v1/auth/logout"):
        form = await org.session.post(path, data=b"", headers={"Content-Type": "text/plain"})
        assert form.status == 415, (path, form.body)
        cross = await org.session.post(path, headers={"Origin": "https://evil.example"})
        assert cross.status == 403, (path, cross.body)
    assert (await org.session.get("/api/v1/auth/me")).status == 200  # still signed in
