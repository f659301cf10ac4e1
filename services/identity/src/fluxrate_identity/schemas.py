"""Request and response bodies of the identity API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, EmailStr, Field

from fluxrate_common.bounds import Text
from fluxrate_common.http.validation import RequestModel as Strict
from fluxrate_identity.domain.api_keys import ApiKey


class SignupIn(Strict):
    email: EmailStr
    password: Text(1024, min_length=1)
    org_name: Text(200, min_length=1)


class LoginIn(Strict):
    email: Text(320, min_length=1)
    password: Text(1024, min_length=1)


class ApiKeyIn(Strict):
    name: Text(100, min_length=1)
    scopes: list[Literal["read", "write"]] = Field(min_length=1, max_length=2)


class UserOut(BaseModel):
    id: UUID
    email: str
    created_at: datetime
    last_login_at: datetime | None = None


class OrgOut(BaseModel):
    id: UUID
    name: str
    created_at: datetime


class SessionOut(BaseModel):
    user: UserOut
    org: OrgOut
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class MeOut(BaseModel):
    org: OrgOut
    user: UserOut | None
    auth: Literal["session", "api_key"]
    scopes: list[str]
    api_key_id: UUID | None = None


class ApiKeyOut(BaseModel):
    id: UUID
    name: str
    scopes: list[str]
    prefix: str
    status: Literal["active", "revoked"]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyOut:
        return cls(id=key.id, name=key.name, scopes=list(key.scopes), prefix=key.prefix,
                   status=key.status, created_at=key.created_at, last_used_at=key.last_used_at,
                   revoked_at=key.revoked_at)


class ApiKeyCreatedOut(ApiKeyOut):
    key: str = Field(description="The full key. It is shown only in this response.")
