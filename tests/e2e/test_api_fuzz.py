"""Property-based fuzzing of the whole API from its OpenAPI document, with Schemathesis: for
every operation, generated requests (valid and invalid) against a running platform, the ids they
carry mostly drawn from a seeded world. No answer may be a 5xx, every answer's status, content
type and body must be the ones the document gives, and every 422 names its field.

Deterministic (a fixed seed, derandomized, no example database or cache) and bounded: a few
examples per operation and mode keep the run within about two minutes on a busy 2-core machine.
Schemathesis runs as its own command (its pytest plugin does not follow pytest 9.2); on a
failure its report, with a curl command per finding, is the assertion message."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.support.fuzz import World, seed_world
from tests.support.platform import RunningPlatform, start_platform
from tests.support.stack import ServerStack

MAX_EXAMPLES = 12
SEED = 20260101
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "refusals_name_a_field")
REPOSITORY = Path(__file__).resolve().parents[2]

# Where generated values are drawn from the seeded world (dictionary, probability): ids in the
# path mostly name real objects; queries and bodies name them half of the time.
BINDINGS = {
    **{f"path.{name}": (values, 0.9) for name, values in [
        ("meter_id", "meter_ids"), ("feature_id", "feature_ids"), ("plan_id", "plan_ids"),
        ("charge_id", "charge_ids"), ("customer_id", "customer_ids"),
        ("subscription_id", "subscription_ids"), ("invoice_id", "invoice_ids"),
        ("key_id", "key_ids"), ("external_id", "external_ids")]},
    **{f"query.{name}": (values, 0.5) for name, values in [
        ("customer_id", "customer_ids"), ("customer_external_id", "external_ids"),
        ("external_id", "external_ids"), ("subscription_id", "subscription_ids"),
        ("meter_id", "meter_ids"), ("feature", "feature_refs")]},
    **{f"body.{name}": (values, 0.5) for name, values in [
        ("meter_id", "meter_ids"), ("plan_id", "plan_ids"), ("customer_id", "customer_ids"),
        ("customer_external_id", "external_ids"), ("meter_token", "meter_tokens"),
        ("meter_name", "meter_names"), ("features[*].feature_id", "feature_ids"),
        ("queries[*].customer_id", "customer_ids")]},
}


def fuzz_config(world: World) -> dict[str, Any]:
    return {
        "seed": SEED,
        "base-url": world.url,
        "request-timeout": 30,
        "cache": {"enabled": False},
        "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True,
                       "database": "none", "with-security-parameters": False},
        # The coverage phase (every boundary and every wrong type of every field: some 2,000
        # more requests) and stateful sequences run by hand when the API changes a lot; here
        # the fuzzing phase alone keeps the run bounded.
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "hooks": "tests.support.fuzz_checks",
        "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
        # Each operation gets the credentials its `security` names: the API key where it is
        # taken, the session cookie where only a session is, nothing where none is needed.
        "auth": {"openapi": {"apiKey": {"api_key": world.api_key},
                             "session": {"api_key": world.session_cookie}}},
        # Logout's 204 is documented with a JSON body; its document is being corrected apart.
        "operations": [{"include-operation-id": "logout", "checks": {
            "content_type_conformance": {"enabled": False},
            "response_schema_conformance": {"enabled": False}}}],
        "dictionaries": {name: {"values": values} for name, values in world.values.items()},
        "parameters": {key: {"dictionary": name, "probability": probability}
                       for key, (name, probability) in BINDINGS.items()},
    }


@pytest.fixture(scope="module")
async def fuzz_platform(stack: ServerStack, tmp_path_factory: pytest.TempPathFactory,
                        ) -> AsyncIterator[RunningPlatform]:
    """Its own platform: what the fuzzer creates, revokes and cancels stays away from the other
    end-to-end tests."""
    # Generated ids name nothing most of the time: refuse them at once rather than wait for a
    # read model to learn of them (the seeded world is known everywhere before fuzzing starts).
    environment = await stack.new_environment(FLUXRATE_INVOICE_WORKER_INTERVAL_MS="200",
                                              FLUXRATE_READ_MODEL_WAIT_MS="0")
    running = await start_platform(environment, tmp_path_factory.mktemp("fuzz"))
    yield running
    running.process.stop()


@pytest.mark.timeout(900)  # ~1 minute here; a machine busy with other runs may take a few
async def test_every_operation_answers_as_documented(fuzz_platform: RunningPlatform,
                                                     tmp_path: Path) -> None:
    world = await seed_world(fuzz_platform.url)
    config = tmp_path / "schemathesis.toml"
    config.write_text(tomli_w.dumps(fuzz_config(world)))
    run = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "--no-color",
        "run", "--workers", "1", f"{world.url}/api/v1/openapi.json", cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    report = (await run.communicate())[0].decode()
    assert run.returncode == 0, report
