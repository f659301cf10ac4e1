"""The upcoming invoice as if the period ended now: what a plan change or a cancellation now
would bill (the dashboard shows it before the operator confirms)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from fluxrate_common.money import round_money
from tests.support.api import signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually


async def test_fixed_fees_are_prorated_by_the_days_elapsed(platform: RunningPlatform) -> None:
    org = await signup(platform.url)
    plan = (await org.session.post("/api/v1/plans", {"name": "Weekly", "type": "FIXED",
                                                     "interval": "week", "currency": "USD"})).body
    await org.session.post(f"/api/v1/plans/{plan['id']}/charges",
                           {"type": "FIXED", "unit_price": "70.00", "display_name": "Base"})
    await org.session.put("/api/v1/customers/external/c1", {"name": "C"})
    started = datetime.now(UTC).date().isoformat()
    sub = (await org.session.post("/api/v1/subscriptions", {
        "customer_external_id": "c1", "plan_id": plan["id"], "start_date": started})).body
    url = f"/api/v1/subscriptions/{sub['id']}/upcoming-invoice"

    async def known() -> dict | None:
        reply = await org.session.get(url, params={"ending_now": "true"})
        return reply.body if reply.status == 200 and reply.body["lines"] else None

    now_ending = await eventually(known, timeout=20)
    start = datetime.fromisoformat(now_ending["period_start"])
    end = datetime.fromisoformat(now_ending["period_end"])
    until = datetime.fromisoformat(now_ending["usage_until"])
    (line,) = now_ending["lines"]
    share = Decimal(int((until - start).total_seconds())) / Decimal(int((end - start).total_seconds()))
    # The share is taken a moment before usage_until is stamped: equal to the second.
    assert abs(Decimal(line["proration"]) - share) < Decimal(2) / Decimal(7 * 86400)
    assert Decimal(0) < Decimal(line["proration"]) < Decimal(1)
    assert Decimal(line["amount"]) == round_money(Decimal("70.00") * Decimal(line["proration"]), "USD")
    assert now_ending["total"] == line["amount"]
    whole = await org.session.get(url)
    assert whole.body["lines"][0]["proration"] == "1" and whole.body["total"] == "70.00"
    bad = await org.session.get(url, params={"ending_now": "soon"})
    assert bad.status == 422 and bad.error["field"] == "ending_now"
