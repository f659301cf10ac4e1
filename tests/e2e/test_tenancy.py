"""Org A's credentials never reach org B's objects: 404, and never in A's lists."""

from __future__ import annotations

import re

import pytest

from fluxrate_platform.services import SERVICES
from tests.e2e.tenancy_table import EXEMPT, LISTS, PROBES, QUERY_NAMED, ListProbe, Probe
from tests.support.api import signup
from tests.support.platform import RunningPlatform
from tests.support.processes import eventually

_PARAM = re.compile(r"{(\w+)(?::[^}]*)?}")


def _declared_routes() -> list[tuple[str, str, str]]:
    return [(spec.method, spec.path, spec.auth) for entry in SERVICES.values()
            if entry.spec.routes for spec in entry.spec.routes.specs]


def test_every_endpoint_with_a_path_id_is_in_the_table() -> None:
    probed = {(p.method, p.path) for p in PROBES}
    listed = {p.path for p in LISTS}
    for method, path, auth in _declared_routes():
        if (method, path) in EXEMPT or auth in ("none", "operator"):
            continue  # operator routes cross orgs by design; no org credential opens them
        if _PARAM.search(path) or (method, path) in QUERY_NAMED:
            assert (method, path) in probed, f"{method} {path} is not in the tenancy table"
        elif method == "GET":
            assert path in listed or (method, path) in EXEMPT, f"GET {path} is not in LISTS"


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: f"{p.method} {p.path}")
async def test_org_a_gets_404_on_org_b_objects(platform: RunningPlatform, probe: Probe) -> None:
    org_a, org_b = await signup(platform.url, "A"), await signup(platform.url, "B")
    params = await probe.make(org_b)
    path = _PARAM.sub(lambda m: params[m.group(1)], probe.path)
    query = {k: _PARAM.sub(lambda m: params[m.group(1)], v) for k, v in (probe.params or {}).items()}
    callers = [org_a.session]
    if not probe.path.startswith("/api/v1/api-keys"):
        callers.append(org_a.session.with_key(await org_a.api_key("read", "write")))
    for caller in callers:
        body = {k: _PARAM.sub(lambda m: params[m.group(1)], v) if isinstance(v, str) else v
                for k, v in probe.body.items()} if probe.body else probe.body
        reply = await caller.request(probe.method, path, body, params=query or None)
        assert reply.status == 404, (probe.method, path, reply.status, reply.body)
        assert reply.error["type"] == "not_found"


@pytest.mark.parametrize("probe", LISTS, ids=lambda p: p.path)
async def test_lists_never_show_another_orgs_rows(platform: RunningPlatform,
                                                 probe: ListProbe) -> None:
    org_a, org_b = await signup(platform.url, "A"), await signup(platform.url, "B")
    b_row = (await probe.make(org_b))["id"]

    async def b_sees_it() -> bool:  # the probe is real (usage reaches the log asynchronously)
        own = await org_b.session.get(probe.path, params=probe.params)
        return b_row in {row["id"] for row in own.body["data"]}

    await eventually(b_sees_it)
    theirs = await org_a.session.get(probe.path, params=probe.params)
    assert theirs.status == 200
    assert b_row not in {row["id"] for row in theirs.body["data"]}


async def test_upsert_by_external_id_never_touches_another_orgs_customer(
        platform: RunningPlatform) -> None:
    org_a, org_b = await signup(platform.url, "A"), await signup(platform.url, "B")
    theirs = await org_b.session.put("/api/v1/customers/external/shared-id", {"name": "B's"})
    ours = await org_a.session.put("/api/v1/customers/external/shared-id", {"name": "A's"})
    assert ours.status == 201 and ours.body["id"] != theirs.body["id"]
    still = await org_b.session.get(f"/api/v1/customers/{theirs.body['id']}")
    assert still.body["name"] == "B's"


async def test_bulk_usage_queries_only_answer_for_the_callers_org(platform: RunningPlatform) -> None:
    from tests.e2e.tenancy_table import b_usage

    org_a, org_b = await signup(platform.url, "A"), await signup(platform.url, "B")
    b = await b_usage(org_b)
    question = {"queries": [{"customer_id": b["customer_id"], "from": "2020-01-01T00:00:00Z",
                             "to": "2100-01-01T00:00:00Z"}]}

    async def b_sees_it() -> bool:
        reply = await org_b.session.post("/api/v1/usage-queries", question)
        return bool(reply.body["results"][0]["data"])

    await eventually(b_sees_it)
    theirs = await org_a.session.post("/api/v1/usage-queries", question)
    assert theirs.status == 200 and theirs.body["results"][0]["data"] == []
