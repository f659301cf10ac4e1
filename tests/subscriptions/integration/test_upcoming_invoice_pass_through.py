"""Services as in the cluster, each its own process: the gateway sends
`/api/v1/subscriptions/{id}/upcoming-invoice` with its prefix to subscriptions, which passes it
on to invoicing with the caller's credentials; invoicing still authenticates and scopes it."""

from __future__ import annotations

from tests.support.api import Api, signup
from tests.support.processes import eventually
from tests.support.services import start_services
from tests.support.stack import ServerStack


async def test_upcoming_invoice_reaches_invoicing_through_subscriptions(stack: ServerStack,
                                                                        tmp_path) -> None:
    environment = await stack.new_environment()
    services = await start_services(environment, ["identity", "catalog", "aggregator",
                                                  "subscriptions", "invoicing"], tmp_path)
    try:
        assert services.url_for("GET", "/api/v1/subscriptions/x/upcoming-invoice") == (
            services["subscriptions"].url)
        org, other = await signup(services.url_for), await signup(services.url_for, "Other")
        plan = (await org.session.post("/api/v1/plans", {
            "name": "Flat", "type": "FIXED", "interval": "month", "currency": "USD"})).body
        charge = await org.session.post(f"/api/v1/plans/{plan['id']}/charges",
                                        {"type": "FIXED", "unit_price": "10"})
        assert charge.status == 201, charge.body
        customer = await org.session.put("/api/v1/customers/external/c1", {"name": "C"})
        sub = await eventually(lambda: _subscribe(org.session, customer.body["id"], plan["id"]))
        path = f"/api/v1/subscriptions/{sub}/upcoming-invoice"

        async def upcoming_with_the_charge() -> dict | None:
            # Invoicing learns the plan's charge from the catalog topic in its own time.
            reply = await org.session.get(path)
            return reply.body if reply.status == 200 and reply.body["total"] == "10.00" else None

        assert (await eventually(upcoming_with_the_charge, timeout=30))["currency"] == "USD"
        keyed = Api(services.url_for, api_key=await org.api_key("read"))
        assert (await keyed.get(path)).body["total"] == "10.00"
        assert (await other.session.get(path)).status == 404  # another org's subscription
        assert (await keyed.anonymous().get(path)).status == 401
        services["invoicing"].process.stop()
        down = await org.session.get(path)
        assert down.status == 503 and down.error["code"] == "invoicing_unavailable"
    finally:
        services.stop()


async def _subscribe(session: Api, customer_id: str, plan_id: str) -> str | None:
    reply = await session.post("/api/v1/subscriptions", {"customer_id": customer_id, "plan_id": plan_id})
    return reply.body["id"] if reply.status == 201 else None
