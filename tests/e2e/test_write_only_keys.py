"""A write-only key changes data but is shown no customer's personal data back: not in the
answers to its customer writes, not in the invoices it moves (through HTTP)."""

from __future__ import annotations

from tests.e2e.test_invoice_lifecycle import two_drafts
from tests.support.api import signup
from tests.support.platform import RunningPlatform

CONTACT = {"name": "Jane Doe", "email": "jane@example.com", "tax_id": "DE123456789",
           "billing_address": {"line1": "1 Main St", "city": "Berlin", "country": "DE"},
           "metadata": {"phone": "+49 30 1234567"}}
HIDDEN = ("name", "email", "billing_address", "tax_id", "metadata")


def _carries_no_contact(body: dict) -> bool:
    text = str(body)
    return (body["redacted"] is True and all(body[field] is None for field in HIDDEN)
            and not any(word in text for word in ("Jane", "jane@", "DE123", "Main St", "+49")))


async def test_customer_writes_answer_a_write_only_key_without_contact_data(
        platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    writer = org.session.with_key(await org.api_key("write"))
    created = await writer.post("/api/v1/customers", {"external_id": "jane", **CONTACT})
    assert created.status == 201 and _carries_no_contact(created.body), created.body
    customer_id = created.body["id"]
    touched = await writer.patch(f"/api/v1/customers/{customer_id}", {})
    assert touched.status == 200 and _carries_no_contact(touched.body), touched.body
    upserted = await writer.put("/api/v1/customers/external/jane", {"name": "Jane D."})
    assert upserted.status == 200 and _carries_no_contact(upserted.body)
    assert upserted.body["external_id"] == "jane" and upserted.body["id"] == customer_id
    # The data is there for those who may read it.
    for reader in (org.session, org.session.with_key(await org.api_key("read", "write"))):
        shown = await reader.get(f"/api/v1/customers/{customer_id}")
        assert shown.body["email"] == "jane@example.com" and shown.body["name"] == "Jane D."
        assert shown.body["redacted"] is False
    both = await org.session.with_key(await org.api_key("read", "write")).patch(
        f"/api/v1/customers/{customer_id}", {})
    assert both.body["email"] == "jane@example.com" and both.body["redacted"] is False


async def test_invoice_moves_answer_a_write_only_key_without_the_customer(
        platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    first, second = await two_drafts(org)
    assert first["customer"]["email"] == "life@example.com"  # a session sees it
    writer = org.session.with_key(await org.api_key("write"))
    for path in (f"/api/v1/invoices/{first['id']}/void",
                 f"/api/v1/invoices/{second['id']}/finalize",
                 f"/api/v1/invoices/{second['id']}/mark-uncollectible"):
        moved = await writer.post(path)
        assert moved.status == 200, moved.body
        assert moved.body["customer"] is None and moved.body["redacted"] is True
        assert "life@example.com" not in str(moved.body)
    refused = await writer.post(f"/api/v1/invoices/{second['id']}/finalize")
    assert refused.status == 409 and "life@example.com" not in str(refused.body)
