"""Client settings: explicit arguments first, then `FLUXRATE_API_KEY` / `FLUXRATE_BASE_URL`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Optional, Union

import httpx

from fluxrate._retry import RetryPolicy
from fluxrate._version import __version__
from fluxrate.errors import FluxrateError

DEFAULT_BASE_URL = "http://localhost:8080"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
API_PREFIX = "/api/v1"

Timeout = Union[float, httpx.Timeout]


@dataclass(frozen=True)
class ClientConfig:
    api_key: str
    base_url: str
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    entitlement_cache_ttl: float = 0.0
    default_headers: tuple[tuple[str, str], ...] = ()

    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.api_key, "User-Agent": f"fluxrate-python/{__version__}",
                "Accept": "application/json", **dict(self.default_headers)}

    def with_changes(self, *, timeout: Optional[Timeout] = None,
                     max_retries: Optional[int] = None) -> ClientConfig:
        config = self
        if timeout is not None:
            config = replace(config, timeout=as_timeout(timeout))
        if max_retries is not None:
            config = replace(config, retry=replace(config.retry, max_retries=max_retries))
        return config


def as_timeout(timeout: Timeout) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def normalize_base_url(url: str) -> str:
    url = url.rstrip("/")
    return url[: -len(API_PREFIX)] if url.endswith(API_PREFIX) else url


def resolve_config(api_key: Optional[str], base_url: Optional[str], timeout: Optional[Timeout],
                   max_retries: Optional[int], entitlement_cache_ttl: float,
                   default_headers: Optional[dict[str, str]]) -> ClientConfig:
    key = api_key or os.environ.get("FLUXRATE_API_KEY")
    if not key:
        raise FluxrateError("no API key: pass api_key=... or set FLUXRATE_API_KEY")
    url = base_url or os.environ.get("FLUXRATE_BASE_URL") or DEFAULT_BASE_URL
    retry = RetryPolicy() if max_retries is None else RetryPolicy(max_retries=max_retries)
    return ClientConfig(key, normalize_base_url(url),
                        as_timeout(timeout) if timeout is not None else DEFAULT_TIMEOUT, retry,
                        entitlement_cache_ttl, tuple((default_headers or {}).items()))
