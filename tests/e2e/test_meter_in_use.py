"""A meter an active plan bills cannot be switched off under it."""

from __future__ import annotations

from tests.support.api import Org, signup
from tests.support.platform import RunningPlatform


async def _plan_billing(org: Org, meter_id: str, name: str) -> tuple[str, str]:
    plan = await org.session.post("/api/v1/plans", {
        "name": name, "type": "USAGE", "interval": "month", "currency": "USD"})
    charge = await org.session.post(f"/api/v1/plans/{plan.body['id']}/charges", {
        "type": "USAGE", "meter_id": meter_id, "unit_price": "0.01",
        "display_name": f"{name} calls"})
    assert charge.status == 201, charge.body
    return plan.body["id"], charge.body["id"]


async def test_deactivating_a_billed_meter_names_what_bills_it(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    meter = (await org.session.post("/api/v1/meters", {"name": "calls", "aggregation": "SUM"})).body
    url = f"/api/v1/meters/{meter['id']}"
    pro_id, pro_charge = await _plan_billing(org, meter["id"], "Pro")
    team_id, _ = await _plan_billing(org, meter["id"], "Team")

    refused = await org.session.patch(url, {"status": "INACTIVE"})
    assert refused.status == 409 and refused.error["code"] == "meter_in_use"
    assert refused.error["field"] == "status"
    assert "Pro (Pro calls)" in refused.error["message"]
    assert "Team (Team calls)" in refused.error["message"]
    assert {d["plan_id"] for d in refused.error["details"]} == {pro_id, team_id}
    assert (await org.session.get(url)).body["status"] == "ACTIVE"

    renamed = await org.session.patch(url, {"description": "still counting"})
    assert renamed.status == 200  # only switching it off is refused

    await org.session.patch(f"/api/v1/plans/{pro_id}/charges/{pro_charge}", {"status": "INACTIVE"})
    await org.session.patch(f"/api/v1/plans/{team_id}", {"status": "INACTIVE"})
    deactivated = await org.session.patch(url, {"status": "INACTIVE"})
    assert deactivated.status == 200 and deactivated.body["status"] == "INACTIVE"
    new_charge = await org.session.post(f"/api/v1/plans/{pro_id}/charges", {
        "type": "USAGE", "meter_id": meter["id"], "unit_price": "0.01"})
    assert new_charge.status == 422 and new_charge.error["field"] == "meter_id"

