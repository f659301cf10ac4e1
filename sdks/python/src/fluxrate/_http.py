"""The two transports (blocking and asyncio) over httpx, with the retry loop of `_retry`."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Optional

import httpx

from fluxrate import _json
from fluxrate._config import API_PREFIX, ClientConfig
from fluxrate._retry import exception_is_retryable, status_is_retryable
from fluxrate.errors import APIError, error_from_exception, error_from_response, parse_retry_after


def _request_args(config: ClientConfig, method: str, path: str, params: Optional[dict[str, Any]],
                  body: Any) -> dict[str, Any]:
    args: dict[str, Any] = {"method": method, "url": API_PREFIX + path}
    if params:
        args["params"] = {k: _json.query_value(v) for k, v in params.items() if v is not None}
    if body is not None:
        args["content"] = _json.dumps(body)
        args["headers"] = {"Content-Type": "application/json"}
    return args


def _decode(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    return response.json()


def _failure(config: ClientConfig, attempt: int, retry_safe: bool, max_retries: Optional[int],
             response: Optional[httpx.Response] = None,
             error: Optional[httpx.TransportError] = None) -> tuple[APIError, Optional[float]]:
    """The error to raise for this failed attempt, and how long to wait first if instead it
    is to be retried."""
    if response is not None:
        failure = error_from_response(response)
        retryable = status_is_retryable(response.status_code, retry_safe)
        retry_after = parse_retry_after(response.headers.get("retry-after"))
    else:
        assert error is not None
        failure, retryable, retry_after = error_from_exception(error), \
            exception_is_retryable(error, retry_safe), None
    delay = config.retry.next_delay(attempt, retryable=retryable, retry_after=retry_after,
                                    max_retries=max_retries)
    return failure, delay


class SyncTransport:
    def __init__(self, config: ClientConfig, http_client: Optional[httpx.Client] = None) -> None:
        self.config = config
        self._owns_client = http_client is None
        self.http = http_client or httpx.Client(base_url=config.base_url, timeout=config.timeout,
                                                headers=config.headers())

    def request(self, method: str, path: str, *, params: Optional[dict[str, Any]] = None,
                body: Any = None, retry_safe: bool = False,
                max_retries: Optional[int] = None) -> Any:
        args = _request_args(self.config, method, path, params, body)
        if self.config.retry.budget is not None:
            self.config.retry.budget.record_request()
        attempt = 0
        while True:
            try:
                response = self.http.request(**args, timeout=self.config.timeout)
            except httpx.TransportError as error:
                failure, delay = _failure(self.config, attempt, retry_safe, max_retries, error=error)
                if delay is None:
                    raise failure from error
            else:
                if response.status_code < 400:
                    return _decode(response)
                failure, delay = _failure(self.config, attempt, retry_safe, max_retries, response)
                if delay is None:
                    raise failure
            time.sleep(delay)
            attempt += 1

    def close(self) -> None:
        if self._owns_client:
            self.http.close()


class AsyncTransport:
    def __init__(self, config: ClientConfig, http_client: Optional[httpx.AsyncClient] = None) -> None:
        self.config = config
        self._owns_client = http_client is None
        self.http = http_client or httpx.AsyncClient(base_url=config.base_url,
                                                     timeout=config.timeout, headers=config.headers())

    async def request(self, method: str, path: str, *, params: Optional[dict[str, Any]] = None,
                      body: Any = None, retry_safe: bool = False,
                      max_retries: Optional[int] = None) -> Any:
        args = _request_args(self.config, method, path, params, body)
        if self.config.retry.budget is not None:
            self.config.retry.budget.record_request()
        attempt = 0
        while True:
            try:
                response = await self.http.request(**args, timeout=self.config.timeout)
            except httpx.TransportError as error:
                failure, delay = _failure(self.config, attempt, retry_safe, max_retries, error=error)
                if delay is None:
                    raise failure from error
            else:
                if response.status_code < 400:
                    return _decode(response)
                failure, delay = _failure(self.config, attempt, retry_safe, max_retries, response)
                if delay is None:
                    raise failure
            await asyncio.sleep(delay)
            attempt += 1

    async def close(self) -> None:
        if self._owns_client:
            await self.http.aclose()
