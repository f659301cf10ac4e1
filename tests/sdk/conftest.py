"""SDK tests drive the real platform (`fluxrate dev`) through the SDK; each signs up its own org."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from fluxrate import AsyncFluxrate, Fluxrate
from tests.sdk.support import SdkOrg
from tests.support.api import signup
from tests.support.platform import RunningPlatform


@pytest.fixture
async def sdk_org(platform: RunningPlatform) -> SdkOrg:
    org = await signup(platform.url)
    return SdkOrg(platform.url, await org.api_key("read", "write"), org)


@pytest.fixture
def client(sdk_org: SdkOrg) -> Iterator[Fluxrate]:
    with Fluxrate(api_key=sdk_org.key, base_url=sdk_org.url) as sdk:
        yield sdk


@pytest.fixture
async def aclient(sdk_org: SdkOrg) -> AsyncIterator[AsyncFluxrate]:
    async with AsyncFluxrate(api_key=sdk_org.key, base_url=sdk_org.url) as sdk:
        yield sdk
