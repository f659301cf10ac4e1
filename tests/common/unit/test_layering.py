"""Layers by their imports: domain code knows nothing of HTTP, databases or brokers, nor of
request schemas and handlers (it raises fluxrate_common.errors, translated to HTTP in one
place); the catalog's use cases take plain commands, not request bodies; handlers reach storage
only through a service; and every service parses requests with the one shared base."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
COMMON = REPO / "libs" / "fluxrate_common" / "src" / "fluxrate_common"
DOMAIN = sorted({*REPO.glob("services/*/src/*/domain/*.py"),
                 *REPO.glob("services/*/src/*/*/domain.py"),
                 *(COMMON / "pricing").glob("[!_]*.py"), COMMON / "aggregations.py",
                 COMMON / "statemachine.py", COMMON / "errors.py"} - {COMMON / "pricing" / "schemas.py"})
CATALOG = REPO / "services" / "catalog" / "src" / "fluxrate_catalog"
USE_CASES = sorted({*CATALOG.rglob("service.py"), *CATALOG.rglob("repository.py")})
HANDLERS = sorted(REPO.glob("services/*/src/**/*handlers.py"))
# Pydantic is allowed: event payloads, which domain code builds and reads, are its models.
NOT_IN_DOMAIN = ("aiohttp", "asyncpg", "aiokafka", "fluxrate_common.http")
NOT_IN_USE_CASES = ("aiohttp", "pydantic", "fluxrate_common.http.errors")


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def offending(path: Path, banned: tuple[str, ...]) -> list[str]:
    return sorted(name for name in imports(path)
                  if any(name == b or name.startswith(b + ".") for b in banned)
                  or name.split(".")[-1] in ("schemas", "handlers"))


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: str(p.relative_to(REPO)))
def test_domain_code_imports_no_http_storage_broker_or_request_schemas(path: Path) -> None:
    assert offending(path, NOT_IN_DOMAIN) == []


@pytest.mark.parametrize("path", USE_CASES, ids=lambda p: str(p.relative_to(REPO)))
def test_catalog_use_cases_take_plain_commands(path: Path) -> None:
    assert offending(path, NOT_IN_USE_CASES) == []


def storage_modules(path: Path) -> list[str]:
    """Imported modules that hold SQL: repositories (and the aggregator's queries)."""
    return sorted(name for name in imports(path)
                  if any(part.endswith("repository") or part == "queries"
                         for part in name.split(".")[1:]))


@pytest.mark.parametrize("path", HANDLERS, ids=lambda p: str(p.relative_to(REPO)))
def test_handlers_reach_storage_only_through_a_service(path: Path) -> None:
    assert storage_modules(path) == []


def _own_request_bases(path: Path) -> list[str]:
    """Classes straight off pydantic's BaseModel that refuse unknown fields: a request base."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and b.id == "BaseModel" for b in node.bases) and \
                'extra="forbid"' in ast.unparse(node).replace("'", '"'):
            found.append(f"{path.relative_to(REPO)}:{node.name}")
    return found


def test_every_service_parses_requests_with_the_one_shared_base() -> None:
    """One base (trimmed text, unknown fields refused): a base of a service's own would make
    the same id mean two things at two endpoints."""
    assert [name for path in sorted(REPO.glob("services/*/src/**/*.py"))
            for name in _own_request_bases(path)] == []


def test_the_layers_checked_are_found() -> None:
    assert len(DOMAIN) >= 15 and len(USE_CASES) >= 6 and len(HANDLERS) >= 15
