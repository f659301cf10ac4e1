"""Exceptions: every failure the API answers carries its `{type, code, message, field}`."""

from __future__ import annotations

from typing import Any, Optional

import httpx


class FluxrateError(Exception):
    """Base class of everything this SDK raises on purpose."""


class APIError(FluxrateError):
    """The API answered with an error (or, for `APIConnectionError`, could not be reached).

    `type`, `code`, `message` and `field` are the API's error envelope; `status_code` is
    None when no response arrived.
    """

    def __init__(self, message: str, *, status_code: Optional[int] = None,
                 type: Optional[str] = None, code: Optional[str] = None,
                 field: Optional[str] = None, details: Any = None,
                 request_id: Optional[str] = None, retry_after: Optional[float] = None,
                 body: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.type = type
        self.code = code
        self.field = field
        self.details = details
        self.request_id = request_id
        self.retry_after = retry_after
        self.body = body

    def __str__(self) -> str:
        where = f" (field: {self.field})" if self.field else ""
        status = f"{self.status_code} " if self.status_code is not None else ""
        code = f"{self.code}: " if self.code else ""
        return f"{status}{code}{self.message}{where}"

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(status_code={self.status_code!r}, type={self.type!r}, "
                f"code={self.code!r}, message={self.message!r}, field={self.field!r})")


class APIConnectionError(APIError):
    """No answer: the connection failed or broke before a response arrived."""


class APITimeoutError(APIConnectionError):
    """No answer within the configured timeout."""


class BadRequestError(APIError):
    """400: the request is malformed (e.g. not JSON)."""


class AuthenticationError(APIError):
    """401: no API key, or one that is unknown or revoked."""


class PermissionDeniedError(APIError):
    """403: the API key lacks the scope (`read` or `write`) this call needs."""


class NotFoundError(APIError):
    """404: no such resource in your organisation."""


class ConflictError(APIError):
    """409: the resource's state does not allow this (e.g. a transition from its status)."""


class RequestTooLargeError(APIError):
    """413: the request body is larger than the API accepts."""


class UnprocessableEntityError(APIError):
    """422: a field is invalid; `field` names it."""


class RateLimitError(APIError):
    """429: too many requests; `retry_after` says when to try again."""


class InternalServerError(APIError):
    """5xx: the API failed; the SDK has already retried what was safe to retry."""


class ServiceUnavailableError(InternalServerError):
    """503: a dependency is down (e.g. ingest cannot reach Kafka); nothing was accepted."""


_BY_STATUS = {400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError,
              404: NotFoundError, 409: ConflictError, 413: RequestTooLargeError,
              422: UnprocessableEntityError, 429: RateLimitError, 503: ServiceUnavailableError}


def parse_retry_after(value: Optional[str]) -> Optional[float]:
    """Seconds from a `Retry-After` header given in seconds (what this API sends)."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def error_from_response(response: httpx.Response) -> APIError:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    envelope = body.get("error") if isinstance(body, dict) else None
    if not isinstance(envelope, dict):
        envelope = {"message": (body if isinstance(body, str) and body else response.reason_phrase)[:500]}
    status = response.status_code
    cls = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIError)
    return cls(str(envelope.get("message") or f"HTTP {status}"), status_code=status,
               type=envelope.get("type"), code=envelope.get("code"), field=envelope.get("field"),
               details=envelope.get("details"), request_id=response.headers.get("x-request-id"),
               retry_after=parse_retry_after(response.headers.get("retry-after")), body=body)


def error_from_exception(error: httpx.TransportError) -> APIConnectionError:
    cls = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    return cls(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__,
               type="connection_error", code="timeout" if cls is APITimeoutError else "connection_failed")
