"""Events about customer portal sessions (published by subscriptions, which issues them): every
service that answers the portal refuses a revoked session's token from then on."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fluxrate_common.events.catalogue import EventType, Payload
from fluxrate_common.events.topics import PORTAL_SESSIONS


class PortalSessionData(Payload):
    id: UUID
    customer_id: UUID
    expires_at: datetime  # when its token expires: forget a revocation after that
    revoked_at: datetime | None
    version: int


PORTAL_SESSION_CREATED = EventType(
    "portal_session.created", PORTAL_SESSIONS, PortalSessionData,
    "A read-only portal link was issued for one customer (its token is never published).",
    internal=True)
PORTAL_SESSION_REVOKED = EventType(
    "portal_session.revoked", PORTAL_SESSIONS, PortalSessionData,
    "A portal session was revoked: every service refuses its token.", internal=True)
