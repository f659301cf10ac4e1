"""Sign-up, sessions and API keys, through HTTP only, as the seeds' curl examples do."""

from __future__ import annotations

import uuid

from tests.support.api import PASSWORD, Api, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually


async def test_signup_sets_an_httponly_samesite_session_cookie(platform: RunningPlatform) -> None:
    api = Api(platform.url)
    email = f"a-{uuid.uuid4().hex[:8]}@example.com"
    reply = await api.post("/api/v1/auth/signup",
                           {"email": email, "password": PASSWORD, "org_name": "Acme"})
    assert reply.status == 201, reply.body
    cookie = reply.headers["Set-Cookie"]
    assert "access_token=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert reply.body["user"]["email"] == email and reply.body["org"]["name"] == "Acme"
    me = await api.get("/api/v1/auth/me")
    assert me.status == 200
    assert me.body["auth"] == "session" and me.body["org"]["id"] == reply.body["org"]["id"]


async def test_login_token_works_as_the_seed_cookie_header(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    login = await Api(platform.url).post("/api/v1/auth/login",
                                         {"email": org.email.upper(), "password": PASSWORD})
    assert login.status == 200
    token = login.body["access_token"]
    # The seeds send the cookie by hand: -H "Cookie: access_token=<token>"
    me = await Api(platform.url).get("/api/v1/auth/me", headers={"Cookie": f"access_token={token}"})
    assert me.status == 200 and me.body["org"]["id"] == org.org_id


async def test_wrong_password_and_unknown_email_get_the_same_answer(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    api = Api(platform.url)
    wrong_password = await api.post("/api/v1/auth/login",
                                    {"email": org.email, "password": "not-the-password"})
    unknown_email = await api.post("/api/v1/auth/login",
                                   {"email": "nobody-" + org.email, "password": PASSWORD})
    assert wrong_password.status == unknown_email.status == 401
    assert wrong_password.body == unknown_email.body


async def test_duplicate_email_is_a_conflict(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    reply = await Api(platform.url).post(
        "/api/v1/auth/signup", {"email": org.email, "password": PASSWORD, "org_name": "Again"})
    assert reply.status == 409
    assert reply.error["code"] == "email_taken" and reply.error["field"] == "email"


async def test_weak_passwords_are_refused_naming_the_rule(platform: RunningPlatform) -> None:
    api = Api(platform.url)
    for password, code in [("short1", "password_too_short"),
                           ("password123", "password_too_common"),
                           ("aaaaaaaaaaaa", "password_too_common")]:
        reply = await api.post("/api/v1/auth/signup", {
            "email": f"w-{uuid.uuid4().hex[:8]}@example.com", "password": password,
            "org_name": "Weak"})
        assert reply.status == 422, password
        assert reply.error["code"] == code and reply.error["field"] == "password"


async def test_bad_input_gets_a_named_4xx(platform: RunningPlatform) -> None:
    api = Api(platform.url)
    malformed = await api.post("/api/v1/auth/signup", data=b"{not json",
                               headers={"Content-Type": "application/json"})
    assert malformed.status == 400 and malformed.error["code"] == "invalid_json"
    bad_email = await api.post("/api/v1/auth/signup",
                               {"email": "nope", "password": PASSWORD, "org_name": "X"})
    assert bad_email.status == 422 and bad_email.error["field"] == "email"
    unknown = await api.post("/api/v1/auth/signup", {"email": "a@b.co", "password": PASSWORD,
                                                     "org_name": "X", "plan": "gold"})
    assert unknown.status == 422 and unknown.error["field"] == "plan"


async def test_refresh_rotates_and_logout_revokes(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    first_refresh = org.session.cookies["refresh_token"]
    refreshed = await org.session.post("/api/v1/auth/refresh")
    assert refreshed.status == 200
    assert org.session.cookies["refresh_token"] != first_refresh
    reuse = await Api(platform.url, cookies={"refresh_token": first_refresh}).post(
        "/api/v1/auth/refresh")
    assert reuse.status == 401
    assert (await org.session.post("/api/v1/auth/logout")).status == 204
    assert "access_token" not in org.session.cookies
    assert (await org.session.get("/api/v1/auth/me")).status == 401


async def test_api_key_is_shown_once_and_listed_by_prefix(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    created = await org.session.post("/api/v1/api-keys", {"name": "backend", "scopes": ["read"]})
    assert created.status == 201
    key = created.body["key"]
    assert key.startswith("org_live_") and created.body["scopes"] == ["read"]
    listed = await org.session.get("/api/v1/api-keys")
    (item,) = listed.body["data"]
    assert "key" not in item and key.startswith(item["prefix"]) and item["status"] == "active"
    # The header name is case-insensitive.
    me = await Api(platform.url).get("/api/v1/auth/me", headers={"x-api-key": key})
    assert me.status == 200 and me.body["auth"] == "api_key" and me.body["scopes"] == ["read"]

    async def last_use_recorded() -> bool:
        keys = (await org.session.get("/api/v1/api-keys")).body["data"]
        return keys[0]["last_used_at"] is not None

    await eventually(last_use_recorded)


async def test_key_scopes_and_revocation(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    read_only = org.session.with_key(await org.api_key("read"))
    denied = await read_only.post("/api/v1/api-keys", {"name": "x", "scopes": ["read"]})
    assert denied.status == 403 and denied.error["code"] == "session_required"
    key_reply = await org.session.post("/api/v1/api-keys", {"name": "gone", "scopes": ["read"]})
    revoked = org.session.with_key(key_reply.body["key"])
    assert (await revoked.get("/api/v1/auth/me")).status == 200
    deleted = await org.session.delete(f"/api/v1/api-keys/{key_reply.body['id']}")
    assert deleted.status == 200 and deleted.body["status"] == "revoked"
    again = await org.session.delete(f"/api/v1/api-keys/{key_reply.body['id']}")
    assert again.status == 200  # revoking is idempotent

    async def rejected() -> bool:
        reply = await revoked.get("/api/v1/auth/me")
        return reply.status == 401 and reply.error["code"] == "api_key_revoked"

    await eventually(rejected, timeout=5)
    assert (await Api(platform.url, api_key="org_live_made-up").get("/api/v1/auth/me")).status == 401


async def test_api_key_input_is_validated(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    for body, field in [({"name": "x", "scopes": ["admin"]}, "scopes[0]"),
                        ({"name": "x", "scopes": []}, "scopes"),
                        ({"scopes": ["read"]}, "name")]:
        reply = await org.session.post("/api/v1/api-keys", body)
        assert reply.status == 422 and reply.error["field"] == field, reply.body


async def test_a_revoked_key_is_refused_by_other_services_too(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    created = await org.session.post("/api/v1/api-keys", {"name": "k", "scopes": ["read"]})
    key = org.session.with_key(created.body["key"])

    async def catalog_answers(status: int):
        async def check() -> bool:
            return (await key.get("/api/v1/meters")).status == status
        return check

    await eventually(await catalog_answers(200), timeout=10)  # catalog learned of the key
    await org.session.delete(f"/api/v1/api-keys/{created.body['id']}")
    await eventually(await catalog_answers(401), timeout=10)
