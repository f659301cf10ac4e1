"""Customers: external ids, the SDK's upsert, validation, and contact data encrypted at rest."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from tests.support.api import signup
from tests.support.kafka import read_topic
from tests.support.platform import RunningPlatform

ADDRESS = {"line1": "1 Main St", "city": "Lisbon", "postal_code": "1000-001", "country": "pt"}


async def test_create_read_and_update_a_customer(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    created = await org.session.post("/api/v1/customers", {
        "external_id": "user_123", "name": "Jane Doe", "email": "jane@example.com",
        "billing_address": ADDRESS, "tax_id": "PT123456789", "metadata": {"tier": "gold"}})
    assert created.status == 201, created.body
    assert created.body["billing_address"]["country"] == "PT"
    customer_id = created.body["id"]
    got = await org.session.get(f"/api/v1/customers/{customer_id}")
    assert got.body["email"] == "jane@example.com" and got.body["metadata"] == {"tier": "gold"}
    patched = await org.session.patch(f"/api/v1/customers/{customer_id}", {"name": "Jane D."})
    assert patched.body["name"] == "Jane D." and patched.body["email"] == "jane@example.com"
    by_external = await org.session.get("/api/v1/customers", params={"external_id": "user_123"})
    assert [c["id"] for c in by_external.body["data"]] == [customer_id]


async def test_put_by_external_id_upserts(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    first = await org.session.put("/api/v1/customers/external/sdk-42", {"name": "From SDK"})
    assert first.status == 201 and first.body["external_id"] == "sdk-42"
    second = await org.session.put("/api/v1/customers/external/sdk-42", {"email": "a@b.co"})
    assert second.status == 200 and second.body["id"] == first.body["id"]
    assert second.body["name"] == "From SDK" and second.body["email"] == "a@b.co"


async def test_bad_customers_are_refused_naming_the_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    await org.session.post("/api/v1/customers", {"external_id": "dup"})
    duplicate = await org.session.post("/api/v1/customers", {"external_id": "dup"})
    assert duplicate.status == 409 and duplicate.error["field"] == "external_id"
    for body, field in [({"external_id": "x", "billing_address": {"country": "ZZ"}},
                         "billing_address.country"),
                        ({"external_id": "x", "email": "not-an-email"}, "email"),
                        ({"name": "no id"}, "external_id")]:
        reply = await org.session.post("/api/v1/customers", body)
        assert reply.status == 422 and reply.error["field"] == field, reply.body


async def test_contact_data_is_encrypted_at_rest_and_on_the_bus(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    created = await org.session.post("/api/v1/customers", {
        "external_id": "secret-1", "name": "Very Private", "email": "private@example.com",
        "tax_id": "TAX-SECRET-99"})
    conn = await asyncpg.connect(platform.environment.database_url)
    try:
        row = await conn.fetchrow("SELECT * FROM subscriptions.customers WHERE id = $1",
                                  UUID(created.body["id"]))
    finally:
        await conn.close()
    stored = bytes(row["contact"])
    assert b"private@example.com" not in stored and b"TAX-SECRET-99" not in stored
    topic = f"{platform.environment.namespace}.subscriptions.customer.v1"
    events = await read_topic(platform.environment.kafka, topic, until=lambda evs: any(
        e["data"]["id"] == created.body["id"] for e in evs))
    published = next(e for e in events if e["data"]["id"] == created.body["id"])
    assert "private@example.com" not in str(published)
    assert published["data"]["external_id"] == "secret-1"
