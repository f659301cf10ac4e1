"""A check of our own for the API fuzzing run (loaded by Schemathesis as its hooks module):
bad input gets a 4xx naming the field."""

from __future__ import annotations

from typing import Any

import schemathesis

# Refusals of the body as a whole (not JSON, not an object): there is no field to name.
_WHOLE_BODY = frozenset({"invalid_json", "invalid_body", "invalid_body_encoding",
                         "request_too_large"})


@schemathesis.check
def refusals_name_a_field(ctx: Any, response: Any, case: Any) -> bool | None:
    if response.status_code != 422:
        return None
    error = response.json().get("error", {})
    if error.get("code") not in _WHOLE_BODY and "field" not in error:
        raise AssertionError(f"a 422 that names no field: {error}")
    return None
