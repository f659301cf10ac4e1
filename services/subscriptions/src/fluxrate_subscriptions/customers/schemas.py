"""Request and response bodies of the subscriptions service API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import pycountry
from pydantic import BaseModel, EmailStr, Field, field_validator

from fluxrate_common.bounds import Bag, Text
from fluxrate_common.http.validation import RequestModel as Strict

ExternalId = Text(255, min_length=1)


class AddressIn(Strict):
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


class CustomerFields(Strict):
    name: Text(200) | None = None
    email: EmailStr | None = None
    billing_address: AddressIn | None = None
    tax_id: Text(50) | None = None
    metadata: Bag | None = None


class CustomerIn(CustomerFields):
    external_id: ExternalId = Field(description="Your own system's id for this customer")


_HIDDEN = "; null when `redacted`"


class CustomerOut(BaseModel):
    id: UUID
    external_id: str
    name: str | None = Field(description="null when not set" + _HIDDEN)
    email: str | None = Field(description="null when not set" + _HIDDEN)
    billing_address: dict[str, Any] | None = Field(description="null when not set" + _HIDDEN)
    tax_id: str | None = Field(description="null when not set" + _HIDDEN)
    metadata: dict[str, Any] | None = Field(description="your key-value data" + _HIDDEN)
    redacted: bool = Field(False, description="true in answers to an API key without the `read`"
                                              " scope: contact details and metadata are left out")
    created_at: datetime
    updated_at: datetime


class CustomerListQuery(Strict):
    limit: int = Field(50, ge=1, le=500)
    cursor: str | None = None
    external_id: ExternalId | None = None
