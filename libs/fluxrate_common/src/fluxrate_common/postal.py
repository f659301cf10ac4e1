"""A postal address as requests send it (a customer's, an org's): bounded text and an
ISO 3166-1 alpha-2 country code, upper-cased."""

from __future__ import annotations

from typing import Annotated

import pycountry
from pydantic import Field, field_validator

from fluxrate_common.bounds import Text
from fluxrate_common.http.validation import RequestModel


class AddressIn(RequestModel):
    line1: Text(200) | None = None
    line2: Text(200) | None = None
    city: Text(100) | None = None
    postal_code: Text(20) | None = None
    state: Text(100) | None = None
    country: Annotated[str, Field(min_length=2, max_length=2)] | None = None

    @field_validator("country")
    @classmethod
    def _iso_3166(cls, value: str | None) -> str | None:
        if value is not None and pycountry.countries.get(alpha_2=value.upper()) is None:
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        return value.upper() if value else value
