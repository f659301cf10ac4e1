"""The PostgreSQL connection budget of deploy/k8s: every pod's pool plus the connections it holds
outside the pool (measured here on running services), at the most replicas an HPA allows plus a
rolling update's surge, plus the migrate Job and a reserve, must fit under `max_connections`."""

from __future__ import annotations

import asyncpg
import pytest

from fluxrate_common.routing import SERVICES
from fluxrate_platform.k8s_workloads import WORKLOADS
from tests.support.kubernetes import build, env_value, find
from tests.support.processes import eventually
from tests.support.services import start_services
from tests.support.stack import ServerStack

DEDICATED = {w.name: w.dedicated_db_connections for w in WORKLOADS}
DEFAULT_POOL = {"ingest": 20}  # the settings' defaults, when neither env nor ConfigMap set one
# superuser_reserved_connections (3), the operator's instance manager and an administrator's psql.
RESERVE = 10


def connection_budget(overlay: str) -> tuple[int, int]:
    """(connections Fluxrate may open at most, the cluster's max_connections)."""
    objects = build(overlay)
    config = find(objects, "ConfigMap")[0]["data"]
    most = {h["spec"]["scaleTargetRef"]["name"]: h["spec"]["maxReplicas"]
            for h in find(objects, "HorizontalPodAutoscaler")}
    total = RESERVE
    for deployment in find(objects, "Deployment"):
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        if env_value(container, config, "FLUXRATE_DATABASE_URL") is None:
            continue
        component = deployment["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]
        pool = int(env_value(container, config, "FLUXRATE_DB_POOL_MAX_SIZE")
                   or DEFAULT_POOL.get(component, 10))
        name = deployment["metadata"]["name"]
        pods = most.get(name, deployment["spec"].get("replicas", 1))
        pods += deployment["spec"]["strategy"]["rollingUpdate"]["maxSurge"]
        total += pods * (pool + DEDICATED[component])
    total += sum(job["spec"].get("parallelism", 1) for job in find(objects, "Job"))  # one each
    (cluster,) = find(objects, "Cluster")
    return total, int(cluster["spec"]["postgresql"]["parameters"]["max_connections"])


@pytest.mark.parametrize("overlay", ["dev", "production"])
def test_the_connection_budget_fits_max_connections(overlay: str) -> None:
    needed, available = connection_budget(overlay)
    assert needed <= available, f"{overlay}: up to {needed} connections, max_connections {available}"


def test_the_readme_states_the_production_budget() -> None:
    from tests.platform.test_readme import README

    needed, available = connection_budget("production")
    assert f"**{needed}** of `max_connections` **{available}**" in README


async def test_each_service_holds_the_connections_the_budget_counts(stack: ServerStack,
                                                                    tmp_path) -> None:
    pool = 2
    environment = await stack.new_environment(FLUXRATE_DB_POOL_MIN_SIZE=str(pool),
                                              FLUXRATE_DB_POOL_MAX_SIZE=str(pool))
    services = await start_services(environment, list(SERVICES), tmp_path)
    expected = {f"fluxrate-{name}": pool + DEDICATED[name] for name in SERVICES}
    try:
        async def held() -> dict[str, int] | None:
            conn = await asyncpg.connect(environment.database_url)
            try:
                rows = await conn.fetch(
                    "SELECT application_name, count(*) AS n FROM pg_stat_activity"
                    " WHERE datname = current_database() AND application_name LIKE 'fluxrate-%'"
                    " GROUP BY application_name")
            finally:
                await conn.close()
            seen.clear()
            seen.update({row["application_name"]: row["n"] for row in rows})
            return seen if seen == expected else None

        seen: dict[str, int] = {}
        try:
            await eventually(held, timeout=60, interval=0.5)
        except AssertionError:
            raise AssertionError(f"held {seen}, the budget counts {expected}") from None
    finally:
        services.stop()
