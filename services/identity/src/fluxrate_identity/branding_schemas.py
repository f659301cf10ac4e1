"""Request and response bodies of the branding API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, EmailStr, Field

from fluxrate_common.bounds import Text
from fluxrate_common.embedding import check_public_url, normalize_origin
from fluxrate_common.http.validation import RequestModel
from fluxrate_common.postal import AddressIn

MAX_ORIGINS = 20
Origin = Annotated[Text(300, min_length=1), AfterValidator(normalize_origin)]
PublicUrl = Annotated[Text(2000, min_length=1), AfterValidator(check_public_url)]
AccentColor = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="#RRGGBB"),
                        AfterValidator(str.upper)]


class BrandingIn(RequestModel):
    """Only the fields sent change; null clears one."""

    name: Text(200, min_length=1) | None = Field(
        None, description="Shown to customers (default: the org's name)")
    logo_url: PublicUrl | None = Field(None, description="https (http only for localhost)")
    accent_color: AccentColor | None = None
    portal_allowed_origins: list[Origin] | None = Field(
        None, max_length=MAX_ORIGINS,
        description="Sites that may frame the portal (https://app.example.com); none by default")
    billing_address: AddressIn | None = Field(None, description="Printed on invoice PDFs")
    email: EmailStr | None = None
    tax_id: Text(50) | None = None


class BrandingOut(BaseModel):
    name: str
    logo_url: str | None
    accent_color: str | None
    portal_allowed_origins: list[str]
    billing_address: dict[str, str | None] | None
    email: str | None
    tax_id: str | None
    updated_at: datetime | None
    version: int
