"""A refusal of a rule between fields (give exactly one of two, not both) still names a field,
and so does a refusal of a parameter nobody knows, whatever its name."""

from __future__ import annotations

from tests.support.api import signup
from tests.support.platform import RunningPlatform

SOMEONE = "00000000-0000-0000-0000-000000000000"


async def test_rules_between_fields_name_a_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    cases = [
        ("/api/v1/entitlements", {}, "customer_external_id"),
        ("/api/v1/entitlements", {"customer_external_id": "a", "customer_id": SOMEONE},
         "customer_id"),
        ("/api/v1/entitlements/check", {"feature": "sso"}, "customer_external_id"),
        ("/api/v1/usage", {"customer_id": SOMEONE, "subscription_id": SOMEONE},
         "subscription_id"),
        ("/api/v1/meters", {"": "x"}, ""),
        ("/api/v1/meters", {"page[size]": "2"}, "page[size]"),
    ]
    for path, params, field in cases:
        reply = await org.session.get(path, params=params)
        assert reply.status == 422 and reply.error["field"] == field, (path, params, reply.body)
