"""Request and response bodies of the subscriptions service API."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, EmailStr, Field

from fluxrate_common.bounds import Bag, Text
from fluxrate_common.http.validation import RequestModel as Strict
from fluxrate_common.postal import AddressIn

ExternalId = Text(255, min_length=1)


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
