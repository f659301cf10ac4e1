"""A program that never closes its tracker still has every event sent when it exits: the
blocking tracker flushes from an exit hook, the async one sends what its closed loop left."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fluxrate import Fluxrate
from tests.sdk.support import SdkOrg, around_now, total, wait_for

PROGRAMS = {
    "blocking": """
import sys
from fluxrate import Fluxrate
tracker = Fluxrate().usage.tracker(flush_interval=3600)  # nothing would go out for an hour
for _ in range(500):
    tracker.track(meter_token=sys.argv[1], customer_external_id="exiting", quantity=2)
print(tracker.stats.accepted)  # 0: all still queued when the program ends
""",
    "async": """
import asyncio, sys
from fluxrate import AsyncFluxrate
async def main():
    tracker = AsyncFluxrate().usage.tracker(flush_interval=3600)
    for _ in range(500):
        await tracker.track(meter_token=sys.argv[1], customer_external_id="exiting", quantity=2)
    print(tracker.stats.accepted)
asyncio.run(main())  # the loop closes with the events queued
""",
}


@pytest.mark.parametrize("kind", PROGRAMS)
def test_events_queued_when_the_program_exits_are_sent(kind: str, client: Fluxrate,
                                                       sdk_org: SdkOrg) -> None:
    meter = client.meters.create(name="calls", aggregation="SUM")
    client.customers.upsert("exiting")
    env = {"FLUXRATE_API_KEY": sdk_org.key, "FLUXRATE_BASE_URL": sdk_org.url, "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", PROGRAMS[kind], str(meter.meter_token)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
    wait_for(lambda: total(client, "exiting", str(meter.id), around_now()) == 1000)
