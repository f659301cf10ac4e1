"""Turn request bodies and query strings into pydantic models, or into 4xx errors naming the field."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

import jiter
from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from fluxrate_common.bounds import SUSPICIOUS_JSON, first_unstorable, unstorable_reason
from fluxrate_common.http.errors import BadRequest, NotFound, PayloadTooLarge, ValidationFailed

M = TypeVar("M", bound=BaseModel)


class RequestModel(BaseModel):
    """The base of every request body and query string, in every service: a field it does not
    know is refused (naming it), and text is trimmed of surrounding whitespace, so " user_1"
    names the same customer whichever endpoint it is sent to."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

_MESSAGE_PREFIXES = ("Value error, ", "Assertion failed, ")


# What pydantic puts in an error's location for the member of a union it tried: not a field.
_UNION_MEMBERS = frozenset({"bool", "int", "float", "str", "decimal", "datetime", "date", "list",
                            "dict", "none", "uuid"})


def field_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, str) and ("[" in part or part in _UNION_MEMBERS):
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _message(issue: dict[str, Any]) -> str:
    if issue["type"] == "missing":
        return "is required"
    if issue["type"] == "extra_forbidden":
        return "is not a known field"
    message = issue["msg"]
    for prefix in _MESSAGE_PREFIXES:
        message = message.removeprefix(prefix)
    return message


def field_error(field: str, message: str) -> PydanticCustomError:
    """What a model-level validator raises about one of its fields (a rule between fields), so
    the refusal still names a field."""
    return PydanticCustomError("field_error", "{message}", {"field": field, "message": message})


def exactly_one(model: BaseModel, first: str, second: str) -> None:
    """A model-level rule: one of two fields, not both and not neither. The error names `first`
    when both are missing, `second` when both are given."""
    missing = getattr(model, first) is None
    if missing == (getattr(model, second) is None):
        raise field_error(first if missing else second, f"give exactly one of {first} and {second}")


def _issue_field(issue: dict[str, Any], prefix: str) -> str:
    path = field_path(tuple(issue["loc"]))
    if issue["type"] == "field_error":
        named = issue["ctx"]["field"]
        path = f"{path}.{named}" if path else named
    elif issue["type"] == "extra_forbidden" and issue["loc"]:
        path = field_path(tuple(issue["loc"][:-1]))  # the unknown name as sent, whatever it is
        path = f"{path}.{issue['loc'][-1]}" if path else str(issue["loc"][-1])
    return prefix + path


def validation_failed(error: ValidationError, prefix: str = "") -> ValidationFailed:
    issues = [{"field": _issue_field(issue, prefix), "message": _message(issue)}
              for issue in error.errors()]
    first = issues[0]
    named = first["field"] or error.errors()[0]["type"] == "extra_forbidden"
    return ValidationFailed(
        "invalid_field",
        f"{first['field']}: {first['message']}" if first["field"] else first["message"],
        field=first["field"] if named else None,
        details=issues if len(issues) > 1 else None,
    )


def loads_exact(raw: bytes) -> Any:
    """JSON with every non-integer number as an exact Decimal: 0.1 stays 0.1, and so do
    numbers with more digits than a float holds (jiter's decimal mode, in Rust)."""
    return jiter.from_json(raw, float_mode="decimal", allow_inf_nan=False)


async def read_body(request: web.Request) -> bytes:
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise PayloadTooLarge("request_too_large", "request body is larger than "
                              f"{request.client_max_size} bytes") from None
    except RequestPayloadError as error:  # e.g. Content-Encoding: gzip on a body that is not
        raise BadRequest("invalid_body_encoding", f"request body cannot be decoded: {error}",
                         field="Content-Encoding") from None


async def read_json(request: web.Request, *, screen: bool = True) -> Any:
    """The body as JSON (a missing body is `None`), with every string storable and every
    integer within 64 bits (unless `screen` is off), or a 4xx naming what is wrong."""
    raw = await read_body(request)
    if not raw:
        return None
    try:
        data = loads_exact(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest("invalid_json", f"request body is not valid JSON: {error}") from None
    if screen and SUSPICIOUS_JSON.search(raw) and (found := first_unstorable(data)):
        field, reason = found
        raise ValidationFailed("unstorable_value", f"{field}: {reason}", field=field or None)
    return data


def check_storable(values: dict[str, str], kind: str) -> None:
    """Query strings and path segments can carry NUL (%00) and lone surrogates too."""
    for name, value in values.items():
        reason = unstorable_reason(value)
        if reason is not None:
            raise ValidationFailed("unstorable_value", f"{name}: {reason}", field=name,
                                   details={"in": kind})


def parse_model(model: type[M], data: Any, prefix: str = "") -> M:
    if data is None:  # no body: the model's defaults, or the fields it requires
        data = {}
    if not isinstance(data, dict):
        raise ValidationFailed("invalid_body", "request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise validation_failed(error, prefix) from None


async def parse_body(request: web.Request, model: type[M], *, screen: bool = True) -> M:
    return parse_model(model, await read_json(request, screen=screen))


def parse_query(request: web.Request, model: type[M]) -> M:
    check_storable(dict(request.query), "query")
    try:
        return model.model_validate(dict(request.query))
    except ValidationError as error:
        raise validation_failed(error) from None


def parse_uuid(value: str, resource: str) -> UUID:
    """A path id that is not even a UUID names nothing: 404, like any id of another org."""
    try:
        return UUID(value)
    except ValueError:
        raise NotFound(resource) from None


def not_together(other: str) -> Any:
    """A field validator refusing a value when `other` (a field declared before it) was given
    too, so the error names a field: `customer_external_id` given with `customer_id`."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if value is not None and info.data.get(other) is not None:
            raise ValueError(f"give {other} or {info.field_name}, not both")
        return value

    return check
