"""Domain errors: what went wrong in the business's own terms — something that does not exist,
a change that conflicts with the current state, a value that breaks a rule — with the field
it concerns. Domain code and use cases raise these and know nothing of HTTP; the HTTP layer
translates them to statuses in one place (`fluxrate_common.http.errors.STATUS_OF`)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    def __init__(self, code: str, message: str, *, field: str | None = None,
                 details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details


class NotFound(DomainError):
    """No such thing (in the caller's organisation)."""

    def __init__(self, resource: str, field: str | None = None) -> None:
        super().__init__(f"{resource}_not_found", f"{resource.replace('_', ' ')} not found",
                         field=field)


class Conflict(DomainError):
    """The change does not fit the current state (a transition, a name taken, a rule of
    what may change)."""


class ValidationFailed(DomainError):
    """A value breaks a rule of the domain."""


def invalid(field: str, message: str, code: str = "invalid_field") -> ValidationFailed:
    """A refusal of one field's value, its message starting with the field's name."""
    return ValidationFailed(code, f"{field}: {message}", field=field)
