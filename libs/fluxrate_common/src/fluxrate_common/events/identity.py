"""Events identity publishes: organisations (and their branding), API keys and revoked
sessions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import API_KEY_USAGE, API_KEYS, ORGS, SESSIONS


class OrgData(Payload):
    id: UUID
    name: str


class OrgAddress(Payload):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    postal_code: str | None = None
    state: str | None = None
    country: str | None = None


class BrandingData(Payload):
    """The whole branding after the change: what customers see (portal, invoice PDF)."""

    name: str  # shown to customers: the org's own name unless another was set
    logo_url: str | None
    accent_color: str | None  # #RRGGBB
    portal_allowed_origins: list[str]  # the sites that may frame the portal
    billing_address: OrgAddress | None
    email: str | None
    tax_id: str | None
    version: int  # the branding's version: read models apply only a newer one


class UserData(Payload):
    id: UUID
    org_id: UUID


class ApiKeyData(Payload):
    id: UUID
    name: str
    scopes: list[str]
    prefix: str
    key_hash: str  # SHA-256, hex: every service verifies keys locally
    created_at: datetime
    revoked_at: datetime | None
    version: int


class ApiKeyUse(Payload):
    id: UUID


class SessionRevokedData(Payload):
    id: UUID  # the session: every access token naming it (`sid`) is refused from now on
    user_id: UUID
    reason: str  # signed_out, refresh_token_reused
    expires_at: datetime  # when its last access token expires: forget it after that


ORG_CREATED = EventType("org.created", ORGS, OrgData, "An organisation signed up.")
ORG_BRANDING_UPDATED = EventType("org.branding_updated", ORGS, BrandingData,
                                 "An organisation changed what its customers see: name, logo,"
                                 " accent colour, portal origins, billing address.")
USER_REGISTERED = EventType("user.registered", ORGS, UserData, "A user joined an organisation.",
                            internal=True)
API_KEY_CREATED = EventType("api_key.created", API_KEYS, ApiKeyData,
                            "An API key was created (its hash, never the key).", internal=True)
API_KEY_REVOKED = EventType("api_key.revoked", API_KEYS, ApiKeyData, "An API key was revoked.",
                            internal=True)
API_KEY_USED = EventType("api_key.used", API_KEY_USAGE, ApiKeyUse,
                         "A service saw an API key in use (reported in batches).", internal=True)
SESSION_REVOKED = EventType("session.revoked", SESSIONS, SessionRevokedData,
                            "A session was signed out or revoked: every service refuses its"
                            " access tokens.", internal=True)
