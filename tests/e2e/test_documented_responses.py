"""What the API answers is what its document says: every status it answers is documented, and
the body matches the documented schema (checked with the served document itself)."""

from __future__ import annotations

from typing import Any

import httpx
import schemathesis

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform


async def _documented(platform: RunningPlatform) -> Any:
    async with httpx.AsyncClient(base_url=platform.url) as http:
        document = (await http.get("/api/v1/openapi.json")).json()
    return schemathesis.openapi.from_dict(document)


async def _conforms(schema: Any, org: Org, platform: RunningPlatform, method: str, path: str,
                    template: str, **kwargs: Any) -> httpx.Response:
    cookies = org.session.cookies
    async with httpx.AsyncClient(base_url=platform.url, cookies=cookies) as http:
        response = await http.request(method, path, **kwargs)
    operation = schema[template][method]
    assert str(response.status_code) in operation.definition.raw["responses"], response.text
    operation.validate_response(response)  # raises, naming what differs
    return response


async def test_the_upsert_documents_both_created_and_updated(platform: RunningPlatform) -> None:
    schema, org = await _documented(platform), await signup(platform.url)
    template = "/api/v1/customers/external/{external_id}"
    created = await _conforms(schema, org, platform, "PUT", "/api/v1/customers/external/doc-1",
                              template, json={"name": "Doc"})
    updated = await _conforms(schema, org, platform, "PUT", "/api/v1/customers/external/doc-1",
                              template, json={"name": "Doc 2"})
    assert (created.status_code, updated.status_code) == (201, 200)


async def test_an_entitlement_check_answers_as_documented(platform: RunningPlatform) -> None:
    schema, org = await _documented(platform), await signup(platform.url)
    granted = await org.session.post("/api/v1/features", {"name": "sso", "type": "SWITCH"})
    await org.session.post("/api/v1/features", {"name": "audit", "type": "SWITCH"})
    plan = await org.session.post("/api/v1/plans", {
        "name": "Pro", "type": "FIXED", "interval": "month", "currency": "USD",
        "features": [{"feature_id": granted.body["id"]}]})
    await org.session.put("/api/v1/customers/external/ent-1", {})
    sub = await org.session.post("/api/v1/subscriptions", {"customer_external_id": "ent-1",
                                                           "plan_id": plan.body["id"]})
    check = "/api/v1/entitlements/check"
    answers = {}
    for feature in ("sso", "audit"):
        response = await _conforms(schema, org, platform, "GET", check, check, params={
            "customer_external_id": "ent-1", "feature": feature})
        answers[feature] = response.json()
    assert answers["sso"]["allowed"] is True
    assert answers["sso"]["subscription_id"] == sub.body["id"]
    assert answers["audit"]["allowed"] is False and answers["audit"]["reason"] == "not_in_plan"
    assert answers["audit"]["subscription_id"] is None


async def test_a_body_with_nothing_required_may_be_left_out(platform: RunningPlatform) -> None:
    schema, org = await _documented(platform), await signup(platform.url)
    customer = await org.session.put("/api/v1/customers/external/no-body", {"name": "Kept"})
    template = "/api/v1/customers/{customer_id}"
    assert schema[template]["PATCH"].definition.raw["requestBody"]["required"] is False
    assert schema["/api/v1/customers"]["POST"].definition.raw["requestBody"]["required"] is True
    unchanged = await _conforms(schema, org, platform, "PATCH",
                                f"/api/v1/customers/{customer.body['id']}", template)
    assert unchanged.status_code == 200 and unchanged.json()["name"] == "Kept"
