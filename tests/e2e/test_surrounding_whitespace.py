"""Every service trims the text of a request alike: an id sent with a stray space names the
same thing at every endpoint."""

from __future__ import annotations

from tests.support.api import signup
from tests.support.platform import RunningPlatform


async def test_an_id_with_stray_spaces_names_the_same_customer_everywhere(
        platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    created = await org.session.post("/api/v1/customers", {"external_id": " user_ws "})
    assert created.status == 201 and created.body["external_id"] == "user_ws"
    await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    writer = org.session.with_key(await org.api_key("write"))
    usage = await writer.post("/api/v1/usage", {"customer_external_id": "user_ws  ", "quantity": 1,
                                                "meter_name": " calls", "idempotency_key": "ws-1"})
    assert usage.status == 202, usage.body
    again = await writer.post("/api/v1/usage", {"customer_external_id": "user_ws", "quantity": 1,
                                                "meter_name": "calls", "idempotency_key": " ws-1 "})
    assert again.status == 200 and again.body["status"] == "duplicate", again.body
