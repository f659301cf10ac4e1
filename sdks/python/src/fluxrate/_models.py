"""Turning answers into typed models, tolerantly: an API newer than this SDK may add fields
(kept, since models allow extra fields) or new values; an answer that no longer fits the
model is still returned, unvalidated, with a warning, rather than failing the call."""

from __future__ import annotations

import warnings
from typing import Any, Optional, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def parse(model: Optional[type[M]], data: Any) -> Any:
    if model is None or not isinstance(data, dict):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as error:
        warnings.warn(f"the API's answer does not fit {model.__name__} ({error.error_count()} "
                      "differences); returned unvalidated: upgrade the fluxrate SDK",
                      stacklevel=3)
        return model.model_construct(**data)
