"""API errors: every one renders as `{"error": {"type", "code", "message", "field"?}}`.

`ApiError`s are what the HTTP layer itself refuses: a body that does not parse into its
model, a malformed id in a path, missing credentials, too large, a rate limit. The domain's
errors (`fluxrate_common.errors`, raised by domain code and use cases, which know nothing of
HTTP) are translated here, and only here: `STATUS_OF` gives each its status and type."""

from __future__ import annotations

from typing import Any

from fluxrate_common import errors
from fluxrate_common.errors import DomainError

# Each domain error's HTTP status and error type (a subclass takes its parent's).
STATUS_OF: dict[type[DomainError], tuple[int, str]] = {
    errors.NotFound: (404, "not_found"),
    errors.Conflict: (409, "conflict"),
    errors.ValidationFailed: (422, "validation_error"),
}


def _status_of(error: DomainError) -> tuple[int, str]:
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 400, "invalid_request"


def domain_error_body(error: DomainError) -> tuple[int, dict[str, Any]]:
    """(status, body) of a domain error as the API answers it."""
    status, error_type = _status_of(error)
    body: dict[str, Any] = {"type": error_type, "code": error.code, "message": error.message}
    if error.field is not None:
        body["field"] = error.field
    if error.details is not None:
        body["details"] = error.details
    return status, {"error": body}


class ApiError(Exception):
    status = 400
    type = "invalid_request"

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.type, "code": self.code, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401
    type = "authentication_error"


class Forbidden(ApiError):
    status = 403
    type = "permission_error"


class NotFound(ApiError):
    status = 404
    type = "not_found"

    def __init__(self, resource: str, field: str | None = None) -> None:
        super().__init__(f"{resource}_not_found", f"{resource.replace('_', ' ')} not found", field=field)


class Conflict(ApiError):
    status = 409
    type = "conflict"


class PayloadTooLarge(ApiError):
    status = 413


class UnsupportedMediaType(ApiError):
    status = 415


class ValidationFailed(ApiError):
    status = 422
    type = "validation_error"


class ServiceUnavailable(ApiError):
    status = 503
    type = "unavailable"
