"""API errors: every one renders as `{"error": {"type", "code", "message", "field"?}}`."""

from __future__ import annotations

from typing import Any


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
