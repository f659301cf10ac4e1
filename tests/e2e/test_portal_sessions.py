"""Portal sessions through HTTP: a link works for its own customer only, read-only, and stops
working when it expires or is revoked; nothing of another customer or org is reachable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from fluxrate_common.auth.portal import PortalClaims, issue_portal_token, portal_signing_key
from tests.support.api import signup
from tests.support.platform import RunningPlatform
from tests.support.portal import (
    as_customer,
    bearer,
    customer,
    daily_plan,
    draft_invoice,
    open_invoice,
    portal_session,
)
from tests.support.processes import eventually
from tests.support.stack import TEST_JWT_SECRET


async def test_a_session_opens_its_own_customer_and_nothing_else(platform: RunningPlatform) -> None:
    acme, other_org = await signup(platform.url, "Acme"), await signup(platform.url, "Other")
    zoe = await customer(acme, "zoe", name="Zoë Ångström", email="zoe@example.com")
    max_ = await customer(acme, "max", name="Max", email="max@example.com")
    stranger = await customer(other_org, "zoe", name="Not Zoë")
    plan = await daily_plan(acme)
    zoe_invoice = await open_invoice(acme, zoe["id"], plan["id"])
    max_invoice = await open_invoice(acme, max_["id"], plan["id"])
    other_invoice = await open_invoice(other_org, stranger["id"], (await daily_plan(other_org))["id"])

    write_key = acme.session.with_key(await acme.api_key("write"))
    created = await write_key.post(f"/api/v1/customers/{zoe['id']}/portal-sessions", {})
    assert created.status == 201, created.body
    session = created.body
    assert session["url"] == f"{platform.url}/portal?token={session['token']}"
    lifetime = datetime.fromisoformat(session["expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=59) < lifetime <= timedelta(hours=1)
    token, api = session["token"], acme.session

    async def summary_with_invoice() -> Any:  # invoices reach the summary through events
        reply = await as_customer(api, token, "/api/v1/portal/summary")
        assert reply.status == 200, reply.body
        return reply if reply.body["invoices"] else None

    summary = await eventually(summary_with_invoice)
    assert summary.body["customer"]["id"] == zoe["id"]
    assert summary.body["customer"]["name"] == "Zoë Ångström"
    assert [i["id"] for i in summary.body["invoices"]] == [zoe_invoice["id"]]
    mine = await as_customer(api, token, f"/api/v1/portal/invoices/{zoe_invoice['id']}")
    assert mine.status == 200 and mine.body["number"] == zoe_invoice["number"]
    listed = await as_customer(api, token, "/api/v1/portal/invoices")
    assert [i["id"] for i in listed.body["data"]] == [zoe_invoice["id"]]

    for someone_else in (max_invoice, other_invoice):  # another customer, another org
        for path in (f"/api/v1/portal/invoices/{someone_else['id']}",
                     f"/api/v1/portal/invoices/{someone_else['id']}/pdf"):
            refused = await as_customer(api, token, path)
            assert refused.status == 404, (path, refused.status, refused.body)

    # The token is for the portal only: the org's API does not take it, for reading or writing.
    for method, path in (("GET", f"/api/v1/customers/{zoe['id']}"), ("GET", "/api/v1/invoices"),
                         ("POST", f"/api/v1/invoices/{zoe_invoice['id']}/void"),
                         ("POST", f"/api/v1/customers/{zoe['id']}/portal-sessions")):
        reply = await api.anonymous().request(method, path, {} if method == "POST" else None,
                                              headers=bearer(token))
        assert reply.status == 401, (method, path, reply.status, reply.body)
    # Another org cannot open a portal on this org's customer.
    assert (await other_org.session.post(f"/api/v1/customers/{zoe['id']}/portal-sessions",
                                         {})).status == 404


async def test_drafts_stay_hidden_and_only_a_write_credential_opens_a_session(
        platform: RunningPlatform) -> None:
    org = await signup(platform.url, "Drafty")
    ann = await customer(org, "ann", name="Ann")
    draft = await draft_invoice(org, ann["id"], (await daily_plan(org))["id"])
    token = (await portal_session(org, ann["id"]))["token"]
    assert (await as_customer(org.session, token, f"/api/v1/portal/invoices/{draft['id']}")).status == 404
    assert (await as_customer(org.session, token, "/api/v1/portal/summary")).body["invoices"] == []

    reader = org.session.with_key(await org.api_key("read"))
    refused = await reader.post(f"/api/v1/customers/{ann['id']}/portal-sessions", {})
    assert refused.status == 403 and refused.error["code"] == "insufficient_scope"
    by_external = await org.session.post("/api/v1/customers/external/ann/portal-sessions",
                                         {"expires_in": 120})
    assert by_external.status == 201 and by_external.body["customer_id"] == ann["id"]
    too_long = await org.session.post(f"/api/v1/customers/{ann['id']}/portal-sessions",
                                      {"expires_in": 90_000})
    assert too_long.status == 422 and too_long.error["field"] == "expires_in"
    missing = await org.session.post("/api/v1/customers/external/nobody/portal-sessions", {})
    assert missing.status == 404


async def test_expired_forged_and_revoked_sessions_are_refused(platform: RunningPlatform) -> None:
    org = await signup(platform.url, "Revoker")
    bob = await customer(org, "bob", name="Bob")
    invoice = await open_invoice(org, bob["id"], (await daily_plan(org))["id"])
    session = await portal_session(org, bob["id"])
    token, api = session["token"], org.session
    invoice_path = f"/api/v1/portal/invoices/{invoice['id']}"
    assert (await as_customer(api, token, invoice_path)).status == 200

    now = datetime.now(UTC)
    expired = issue_portal_token(portal_signing_key(TEST_JWT_SECRET), PortalClaims(
        UUID(session["id"]), UUID(org.org_id), UUID(bob["id"]), now - timedelta(minutes=1)),
        now - timedelta(hours=1))
    forged = issue_portal_token(b"a key that is not the platform's own, 32+ bytes", PortalClaims(
        UUID(session["id"]), UUID(org.org_id), UUID(bob["id"]), now + timedelta(hours=1)), now)
    for bad, code in ((expired, "portal_session_expired"), (forged, "invalid_portal_session"),
                      (token[:-4] + "AAAA", "invalid_portal_session")):
        for path in ("/api/v1/portal/summary", invoice_path):
            reply = await as_customer(api, bad, path)
            assert (reply.status, reply.error["code"]) == (401, code), (path, reply.body)
    assert (await api.anonymous().get("/api/v1/portal/summary")).error["code"] == \
        "portal_token_required"

    revoked = await api.delete(f"/api/v1/customers/{bob['id']}/portal-sessions/{session['id']}")
    assert revoked.status == 200 and revoked.body["revoked_at"] is not None
    # Subscriptions, which owns sessions, refuses at once; invoicing once the event arrives.
    summary = await as_customer(api, token, "/api/v1/portal/summary")
    assert (summary.status, summary.error["code"]) == (401, "portal_session_revoked")

    async def invoicing_refuses() -> bool:
        reply = await as_customer(api, token, invoice_path)
        return reply.status == 401 and reply.error["code"] == "portal_session_revoked"

    await eventually(invoicing_refuses)
    listed = await api.get(f"/api/v1/customers/{bob['id']}/portal-sessions")
    assert [(s["id"], s["revoked_at"] is not None) for s in listed.body["data"]] == \
        [(session["id"], True)]
    other = await signup(platform.url, "Not the owner")
    assert (await other.session.delete(
        f"/api/v1/customers/{bob['id']}/portal-sessions/{session['id']}")).status == 404
