from __future__ import annotations

import warnings
from collections.abc import AsyncIterator, Iterator

import pytest

warnings.filterwarnings("ignore", category=UserWarning, module="platformdirs")

from fluxrate_platform.devstack import free_port  # noqa: E402
from fluxrate_platform.devstack.mail import MailSink  # noqa: E402
from tests.support.platform import RunningPlatform, start_platform  # noqa: E402
from tests.support.stack import OPERATOR_TOKEN, ServerStack  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules that use the shared platform run last: once started it lives to the end of the
    session, and its idle consumers, polling the broker, would slow every test after it."""
    sharing = {item.path for item in items if "platform" in getattr(item, "fixturenames", ())}
    items.sort(key=lambda item: item.path in sharing)  # stable: each group keeps its order


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerStack]:
    servers = ServerStack.start(tmp_path_factory.mktemp("stack"))
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def mail() -> Iterator[MailSink]:
    """A real SMTP server on loopback collecting every email the platform sends."""
    sink = MailSink(free_port())
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
async def platform(stack: ServerStack, mail: MailSink,
                   tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[RunningPlatform]:
    """One running platform shared by the end-to-end tests; each test signs up its own org."""
    # A backfill window wide enough for the seeds' example timestamps (2025-01-15, 2026-01-03),
    # which their curls must accept verbatim; the default (35 days) would refuse them, by name.
    environment = await stack.new_environment(
        FLUXRATE_INGEST_BACKFILL_DAYS="1500", FLUXRATE_SMTP_HOST="127.0.0.1",
        FLUXRATE_SMTP_PORT=str(mail.port), FLUXRATE_INVOICE_WORKER_INTERVAL_MS="200",
        FLUXRATE_OPERATOR_TOKEN=OPERATOR_TOKEN)
    running = await start_platform(environment, tmp_path_factory.mktemp("platform"))
    yield running
    running.process.stop()
