"""Pricing a drafted charge (the dashboard's tier editor) with the invoices' own pricing core."""

from __future__ import annotations

from tests.support.api import signup
from tests.support.platform import RunningPlatform

TIERS = [{"up_to": 1000, "unit_price": "0"}, {"up_to": 5000, "unit_price": "0.001"},
         {"up_to": None, "unit_price": "0.0005", "flat_fee": "2"}]


async def _plan(org, currency: str = "USD") -> str:
    reply = await org.session.post("/api/v1/plans", {"name": "Tiered", "type": "USAGE",
                                                     "interval": "month", "currency": currency})
    assert reply.status == 201, reply.body
    return reply.body["id"]


async def test_graduated_and_volume_tiers_are_priced_and_broken_down(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    plan_id = await _plan(org)
    url = f"/api/v1/plans/{plan_id}/charges/preview"
    graduated = await org.session.post(url, {"type": "USAGE", "tier_mode": "graduated",
                                             "tiers": TIERS, "quantity": 6000})
    assert graduated.status == 200, graduated.body
    # 1000 free, 4000 x 0.001 = 4, 1000 x 0.0005 + 2 = 2.5
    assert graduated.body["amount"] == "6.50" and graduated.body["currency"] == "USD"
    assert [(t["tier"], t["from"], t["quantity"], t["amount"]) for t in graduated.body["tiers"]] == [
        (1, "0", "1000", "0"), (2, "1000", "4000", "4.000"), (3, "5000", "1000", "2.5000")]
    volume = await org.session.post(url, {"type": "USAGE", "tier_mode": "volume",
                                          "tiers": TIERS, "quantity": 6000})
    assert volume.body["amount"] == "5.00"  # all 6000 at 0.0005, plus the tier's 2 flat
    assert [t["tier"] for t in volume.body["tiers"]] == [3]


async def test_per_unit_and_fixed_round_to_the_plan_currency(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    plan_id = await _plan(org, "JPY")
    url = f"/api/v1/plans/{plan_id}/charges/preview"
    per_unit = await org.session.post(url, {"type": "USAGE", "unit_price": "0.7", "quantity": 3})
    assert per_unit.body == {"currency": "JPY", "quantity": "3", "unit_price": "0.7",
                             "amount": "2", "tiers": []}
    fixed = await org.session.post(url, {"type": "FIXED", "unit_price": "990", "quantity": 1})
    assert fixed.body["amount"] == "990"


async def test_nothing_is_saved_and_a_read_key_may_preview(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    plan_id = await _plan(org)
    reader = org.session.with_key(await org.api_key("read"))
    reply = await reader.post(f"/api/v1/plans/{plan_id}/charges/preview",
                              {"type": "USAGE", "unit_price": "0.01", "quantity": 10})
    assert reply.status == 200 and reply.body["amount"] == "0.10"
    plan = await org.session.get(f"/api/v1/plans/{plan_id}?include_inactive=true")
    assert plan.body["charges"] == []


async def test_bad_drafts_name_the_field(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    url = f"/api/v1/plans/{await _plan(org)}/charges/preview"
    open_middle = [{"up_to": None, "unit_price": "1"}, {"up_to": 10, "unit_price": "1"}]
    cases = [
        ({"type": "USAGE", "tier_mode": "graduated", "tiers": open_middle, "quantity": 1},
         "tiers[0].up_to"),
        ({"type": "USAGE", "tiers": TIERS, "quantity": 1}, "tier_mode"),
        ({"type": "USAGE", "unit_price": "0.01", "quantity": -1}, "quantity"),
        ({"type": "USAGE", "quantity": 1}, "unit_price"),
        ({"type": "FIXED", "unit_price": "9.999", "quantity": 1}, "unit_price"),
    ]
    for body, field in cases:
        reply = await org.session.post(url, body)
        assert reply.status == 422, (body, reply.body)
        assert reply.error["field"] == field, (body, reply.body)


async def test_another_orgs_plan_is_not_found(platform: RunningPlatform) -> None:
    owner, stranger = await signup(platform.url), await signup(platform.url)
    plan_id = await _plan(owner)
    reply = await stranger.session.post(f"/api/v1/plans/{plan_id}/charges/preview",
                                        {"type": "USAGE", "unit_price": "1", "quantity": 1})
    assert reply.status == 404


async def test_a_deactivated_charge_shows_only_when_asked_for(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    plan_id = await _plan(org)
    meter = await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})
    charge = await org.session.post(f"/api/v1/plans/{plan_id}/charges", {
        "type": "USAGE", "meter_id": meter.body["id"], "unit_price": "0.01"})
    await org.session.patch(f"/api/v1/plans/{plan_id}/charges/{charge.body['id']}",
                            {"status": "INACTIVE"})
    active = await org.session.get(f"/api/v1/plans/{plan_id}")
    assert active.body["charges"] == []
    every = await org.session.get(f"/api/v1/plans/{plan_id}", params={"include_inactive": "true"})
    assert [c["status"] for c in every.body["charges"]] == ["INACTIVE"]
    bad = await org.session.get(f"/api/v1/plans/{plan_id}", params={"include_inactive": "maybe"})
    assert bad.status == 422 and bad.error["field"] == "include_inactive"
