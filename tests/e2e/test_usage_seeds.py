"""Seeds 000 and 003 verbatim (host and placeholders aside): the quickstart curl, the SDK
track curl, the REST curl with a session cookie, and the Python `requests` snippet."""

from __future__ import annotations

import asyncio
import textwrap

from tests.support.api import PASSWORD, Api, Org, signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually
from tests.support.usage import usage_of


async def value_of(org: Org, customer: str, meter_id: str, start: str, end: str) -> str | None:
    usage = await usage_of(org, customer, meter_id, start, end)
    return None if usage is None else usage["value"]


async def test_the_quickstart_curl_is_accepted_once_and_counted_once(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await org.session.post("/api/v1/meters", {
        "name": "mtr_name", "aggregation": "SUM", "property": "property_name",
        "filters": [{"property": "filter_value", "operator": "eq", "value": "String"}]})
    customer = await org.session.post("/api/v1/customers", {"external_id": "CUSTOMER_UUID"})
    assert customer.status == 201
    key = await org.api_key("write", "read")
    body = b'''{
    "customer_external_id": "CUSTOMER_UUID",
    "meter_name": "mtr_name",
    "timestamp": "2026-01-03T12:00:00Z",
    "idempotency_key": "evt_unique_12345",
    "properties": {
      "property_name": 10,
      "filter_value": "String"
    }
  }'''
    curl = Api(platform.url)
    headers = {"Content-Type": "application/json", "x-api-key": key}
    first = await curl.post("/api/v1/usage", data=body, headers=headers)
    assert first.status == 202, first.body
    assert first.body == {"status": "accepted", "idempotency_key": "evt_unique_12345",
                          "id": first.body["id"]}
    retry = await curl.post("/api/v1/usage", data=body, headers=headers)
    assert retry.status == 200 and retry.body["status"] == "duplicate"

    async def counted_once() -> bool:
        value = await value_of(org, "CUSTOMER_UUID", meter.body["id"],
                               "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")
        return value == "10"

    await eventually(counted_once)


async def test_sdk_track_and_rest_curls(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await org.session.post("/api/v1/meters", {"name": "api_calls", "aggregation": "SUM"})
    customer = await org.session.post("/api/v1/customers", {"external_id": "your-customer-id"})
    key = await org.api_key("read", "write")
    track = await Api(platform.url).post("/api/v1/sdk/track", headers={
        "Content-Type": "application/json", "X-API-Key": key}, data=f'''{{
    "meter_token": "{meter.body['meter_token']}",
    "customer_external_id": "your-customer-id",
    "quantity": 1,
    "idempotency_key": "req_unique_key_123"
  }}'''.encode())
    assert track.status == 202, track.body
    login = await Api(platform.url).post("/api/v1/auth/login",
                                         {"email": org.email, "password": PASSWORD})
    rest = await Api(platform.url).post("/api/v1/usage", headers={
        "Content-Type": "application/json", "Cookie": f"access_token={login.body['access_token']}"},
        data=f'''{{
    "meter_id": "{meter.body['id']}",
    "customer_id": "{customer.body['id']}",
    "quantity": 100,
    "timestamp": "2025-01-15T10:30:00Z"
  }}'''.encode())
    assert rest.status == 202, rest.body

    async def both_counted() -> bool:
        recent = await value_of(org, "your-customer-id", meter.body["id"],
                                "2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z")
        return recent == "101"

    await eventually(both_counted)


PYTHON_SNIPPET = textwrap.dedent('''
    import requests

    def track_usage(meter_token, customer_id, quantity, idempotency_key=None):
        response = requests.post(
            "https://api.fluxrate.co/api/v1/sdk/track",
            headers={
                "Content-Type": "application/json",
                "X-API-Key": "org_live_your_key"
            },
            json={
                "meter_token": meter_token,
                "customer_external_id": customer_id,
                "quantity": quantity,
                "idempotency_key": idempotency_key
            }
        )
        response.raise_for_status()
        return response.json()
''')


async def test_the_python_requests_snippet(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = await org.session.post("/api/v1/meters", {"name": "jobs", "aggregation": "SUM"})
    await org.session.post("/api/v1/customers", {"external_id": "cust_123"})
    key = await org.api_key("write")
    source = PYTHON_SNIPPET.replace("https://api.fluxrate.co", platform.url).replace(
        "org_live_your_key", key)
    namespace: dict = {}
    exec(compile(source, "seed-003-snippet", "exec"), namespace)  # the snippet, as published
    track = namespace["track_usage"]
    token = meter.body["meter_token"]
    with_key = await asyncio.to_thread(track, token, "cust_123", 1, "order_789_step_3")
    without_key = await asyncio.to_thread(track, token, "cust_123", 2)
    assert with_key["status"] == "accepted" and without_key["status"] == "accepted"
    again = await asyncio.to_thread(track, token, "cust_123", 1, "order_789_step_3")
    assert again["status"] == "duplicate"
