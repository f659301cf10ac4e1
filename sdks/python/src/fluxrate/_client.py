"""`Fluxrate` (blocking) and `AsyncFluxrate` (asyncio): the same resources on both."""

from __future__ import annotations

from collections.abc import Awaitable, Hashable
from typing import Any, Callable, Optional

import httpx

from fluxrate._cache import TTLCache
from fluxrate._config import ClientConfig, Timeout, resolve_config
from fluxrate._http import AsyncTransport, SyncTransport
from fluxrate._models import parse
from fluxrate._pagination import AsyncPage, Page
from fluxrate.resources import (
    Charges,
    Customers,
    Entitlements,
    Features,
    Invoices,
    Meters,
    Plans,
    Subscriptions,
    Usage,
    WebhookEndpoints,
)
from fluxrate.tracking import AsyncTracker, Tracker


def _items(model: Any, data: dict[str, Any]) -> list[Any]:
    return [parse(model, item) for item in data["data"]]


class BaseClient:
    _config: ClientConfig

    def _init_resources(self, config: ClientConfig, cache: Optional[TTLCache] = None) -> None:
        self._config = config
        self._cache = cache or TTLCache()
        self.meters = Meters(self)
        self.features = Features(self)
        self.plans = Plans(self)
        self.charges = Charges(self)
        self.customers = Customers(self)
        self.subscriptions = Subscriptions(self)
        self.usage = Usage(self)
        self.entitlements = Entitlements(self)
        self.invoices = Invoices(self)
        self.webhook_endpoints = WebhookEndpoints(self)

    @property
    def base_url(self) -> str:
        return self._config.base_url

    def _answer(self, data: Any, model: Any, many: bool,
                transform: Optional[Callable[[Any], Any]]) -> Any:
        if transform is not None:
            return transform(data)
        return _items(model, data) if many else parse(model, data)


class Fluxrate(BaseClient):
    """The blocking client. `api_key` and `base_url` default to `FLUXRATE_API_KEY` and
    `FLUXRATE_BASE_URL` (else http://localhost:8080). `max_retries` (default 2) and `timeout`
    (seconds or an `httpx.Timeout`) apply to every request; `with_options()` changes them for
    some calls. `entitlement_cache_ttl` seconds > 0 reuses entitlement answers locally."""

    def __init__(self, api_key: Optional[str] = None, base_url: Optional[str] = None, *,
                 timeout: Optional[Timeout] = None, max_retries: Optional[int] = None,
                 entitlement_cache_ttl: float = 0.0,
                 default_headers: Optional[dict[str, str]] = None,
                 http_client: Optional[httpx.Client] = None) -> None:
        config = resolve_config(api_key, base_url, timeout, max_retries, entitlement_cache_ttl,
                                default_headers)
        self._transport = SyncTransport(config, http_client)
        self._init_resources(config)

    def with_options(self, *, timeout: Optional[Timeout] = None,
                     max_retries: Optional[int] = None) -> Fluxrate:
        """A client sharing this one's connections, with other timeout or retries."""
        clone = object.__new__(Fluxrate)
        config = self._config.with_changes(timeout=timeout, max_retries=max_retries)
        clone._transport = SyncTransport(config, self._transport.http)
        clone._init_resources(config, self._cache)
        return clone

    def _call(self, method: str, path: str, *, params: Optional[dict[str, Any]] = None,
              body: Any = None, model: Any = None, retry_safe: Optional[bool] = None,
              many: bool = False, transform: Optional[Callable[[Any], Any]] = None) -> Any:
        safe = method != "POST" if retry_safe is None else retry_safe
        data = self._transport.request(method, path, params=params, body=body, retry_safe=safe)
        return self._answer(data, model, many, transform)

    def _page(self, path: str, params: dict[str, Any], model: Any) -> Page[Any]:
        def fetch(cursor: Optional[str]) -> tuple[list[Any], Optional[str]]:
            data = self._transport.request("GET", path, params={**params, "cursor": cursor},
                                           retry_safe=True)
            return _items(model, data), data.get("next_cursor")

        return Page(fetch)

    def _cached(self, key: Hashable, ttl: float, fetch: Callable[[], Any]) -> Any:
        hit = self._cache.get(key)
        if hit is None:
            hit = fetch()
            self._cache.put(key, hit, ttl)
        return hit

    def _tracker(self, **options: Any) -> Tracker:
        return Tracker(self._transport, **options)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Fluxrate:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


class AsyncFluxrate(BaseClient):
    """The asyncio client: the same resources and arguments as `Fluxrate`, each call awaited;
    lists are iterated with `async for`."""

    def __init__(self, api_key: Optional[str] = None, base_url: Optional[str] = None, *,
                 timeout: Optional[Timeout] = None, max_retries: Optional[int] = None,
                 entitlement_cache_ttl: float = 0.0,
                 default_headers: Optional[dict[str, str]] = None,
                 http_client: Optional[httpx.AsyncClient] = None) -> None:
        config = resolve_config(api_key, base_url, timeout, max_retries, entitlement_cache_ttl,
                                default_headers)
        self._transport = AsyncTransport(config, http_client)
        self._init_resources(config)

    def with_options(self, *, timeout: Optional[Timeout] = None,
                     max_retries: Optional[int] = None) -> AsyncFluxrate:
        clone = object.__new__(AsyncFluxrate)
        config = self._config.with_changes(timeout=timeout, max_retries=max_retries)
        clone._transport = AsyncTransport(config, self._transport.http)
        clone._init_resources(config, self._cache)
        return clone

    async def _call(self, method: str, path: str, *, params: Optional[dict[str, Any]] = None,
                    body: Any = None, model: Any = None, retry_safe: Optional[bool] = None,
                    many: bool = False, transform: Optional[Callable[[Any], Any]] = None) -> Any:
        safe = method != "POST" if retry_safe is None else retry_safe
        data = await self._transport.request(method, path, params=params, body=body,
                                             retry_safe=safe)
        return self._answer(data, model, many, transform)

    def _page(self, path: str, params: dict[str, Any], model: Any) -> AsyncPage[Any]:
        async def fetch(cursor: Optional[str]) -> tuple[list[Any], Optional[str]]:
            data = await self._transport.request("GET", path, params={**params, "cursor": cursor},
                                                 retry_safe=True)
            return _items(model, data), data.get("next_cursor")

        return AsyncPage(fetch)

    async def _cached(self, key: Hashable, ttl: float, fetch: Callable[[], Awaitable[Any]]) -> Any:
        hit = self._cache.get(key)
        if hit is None:
            hit = await fetch()
            self._cache.put(key, hit, ttl)
        return hit

    def _tracker(self, **options: Any) -> AsyncTracker:
        config = self._config
        return AsyncTracker(self._transport, exit_transport=lambda: SyncTransport(config), **options)

    async def close(self) -> None:
        await self._transport.close()

    async def __aenter__(self) -> AsyncFluxrate:
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        await self.close()
