"""Branding through the API, and what it does to the portal's HTTP answers: its page is framable
only by the origins the org names (nobody by default), and its API answers any origin without
cookies, the token being the only credential."""

from __future__ import annotations

from tests.support.api import signup
from tests.support.platform import RunningPlatform
from tests.support.portal import bearer, customer, portal_session
from tests.support.processes import eventually

EMBEDDER = "http://127.0.0.1:5173"


async def test_branding_is_set_through_the_api_and_validated(platform: RunningPlatform) -> None:
    org = await signup(platform.url, "Brandable")
    first = await org.session.get("/api/v1/branding")
    assert first.status == 200
    assert (first.body["name"], first.body["portal_allowed_origins"]) == ("Brandable", [])
    writer = org.session.with_key(await org.api_key("write", "read"))
    changed = await writer.patch("/api/v1/branding", {
        "name": "Brandable Ltd", "logo_url": "https://cdn.example.com/logo.png",
        "accent_color": "#0e7490", "portal_allowed_origins": ["https://App.Example.com/"],
        "billing_address": {"line1": "1 Main St", "city": "Lisbon", "country": "pt"},
        "email": "billing@example.com", "tax_id": "PT123456789"})
    assert changed.status == 200, changed.body
    assert changed.body["accent_color"] == "#0E7490"
    assert changed.body["portal_allowed_origins"] == ["https://app.example.com"]
    assert changed.body["billing_address"]["country"] == "PT" and changed.body["version"] == 1
    cleared = await writer.patch("/api/v1/branding", {"logo_url": None})
    assert cleared.body["logo_url"] is None and cleared.body["name"] == "Brandable Ltd"

    bad = [({"accent_color": "teal"}, "accent_color"),
           ({"accent_color": "#12345"}, "accent_color"),
           ({"logo_url": "http://cdn.example.com/logo.png"}, "logo_url"),
           ({"logo_url": "javascript:alert(1)"}, "logo_url"),
           ({"portal_allowed_origins": ["http://example.com"]}, "portal_allowed_origins[0]"),
           ({"portal_allowed_origins": ["https://example.com/app"]}, "portal_allowed_origins[0]"),
           ({"portal_allowed_origins": ["*"]}, "portal_allowed_origins[0]"),
           ({"name": "x" * 201}, "name"), ({"colour": "#000000"}, "colour")]
    for body, field in bad:
        reply = await writer.patch("/api/v1/branding", body)
        assert (reply.status, reply.error["field"]) == (422, field), (body, reply.body)
    reader = org.session.with_key(await org.api_key("read"))
    assert (await reader.patch("/api/v1/branding", {"name": "no"})).status == 403


async def test_the_portal_page_is_framed_only_by_the_orgs_own_sites(platform: RunningPlatform) -> None:
    org = await signup(platform.url, "Framer")
    cid = (await customer(org, "fay", name="Fay"))["id"]
    token = (await portal_session(org, cid))["token"]
    page = await org.session.anonymous().get("/portal", params={"token": token})
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer"  # the token is in the URL
    assert page.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in page.headers

    changed = await org.session.patch("/api/v1/branding", {
        "portal_allowed_origins": [EMBEDDER, "https://app.example.com"],
        "logo_url": "https://cdn.example.com/logo.png"})
    assert changed.status == 200, changed.body

    async def framable() -> str | None:
        reply = await org.session.anonymous().get("/portal", params={"token": token})
        policy = reply.headers["Content-Security-Policy"]
        return policy if f"frame-ancestors {EMBEDDER} https://app.example.com" in policy else None

    policy = await eventually(framable)
    assert "img-src 'self' data: https://cdn.example.com" in policy
    other = await signup(platform.url, "Not framer")  # its own portal stays unframable
    other_token = (await portal_session(other, (await customer(other, "gus"))["id"]))["token"]
    other_page = await other.session.anonymous().get("/portal/invoices", params={"token": other_token})
    assert "frame-ancestors 'none'" in other_page.headers["Content-Security-Policy"]

    for params in ({}, {"token": "nonsense"}):
        refused = await org.session.anonymous().get("/portal", params=params)
        assert refused.status == 401, params
        assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]


async def test_the_portal_api_answers_other_origins_without_cookies(platform: RunningPlatform) -> None:
    org = await signup(platform.url, "Corsica")
    cid = (await customer(org, "cy", name="Cy"))["id"]
    token = (await portal_session(org, cid))["token"]
    anonymous = org.session.anonymous()
    for path in ("/api/v1/portal/summary", "/api/v1/portal/invoices"):
        preflight = await anonymous.request("OPTIONS", path, headers={
            "Origin": EMBEDDER, "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization"})
        assert preflight.status == 204, (path, preflight.status)
        assert preflight.headers["Access-Control-Allow-Origin"] == "*"
        assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
        answer = await anonymous.get(path, headers={**bearer(token), "Origin": EMBEDDER})
        assert answer.status == 200, answer.body
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in answer.headers
        assert "Set-Cookie" not in answer.headers
    refused = await anonymous.get("/api/v1/portal/summary", headers={"Origin": EMBEDDER})
    assert refused.status == 401 and refused.headers["Access-Control-Allow-Origin"] == "*"
    # The org's own API keeps its same-site rules: no CORS there.
    own = await org.session.get("/api/v1/customers", headers={"Origin": EMBEDDER})
    assert "Access-Control-Allow-Origin" not in own.headers
