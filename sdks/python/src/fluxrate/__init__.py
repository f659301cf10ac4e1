"""Fluxrate's Python SDK: usage-based billing from your backend.

    from fluxrate import Fluxrate
    client = Fluxrate(api_key="org_live_...", base_url="http://localhost:8080")
    client.usage.track(meter_token=..., customer_external_id="user_123", quantity=1)
"""

from fluxrate import models, webhooks
from fluxrate._client import AsyncFluxrate, Fluxrate
from fluxrate._pagination import AsyncPage, Page
from fluxrate._version import __version__
from fluxrate.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FluxrateError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    ServiceUnavailableError,
    UnprocessableEntityError,
)
from fluxrate.tracking import AsyncTracker, FailedEvent, Tracker, TrackerOptions, TrackerStats

__all__ = [
    "APIConnectionError", "APIError", "APITimeoutError", "AsyncFluxrate", "AsyncPage",
    "AsyncTracker", "AuthenticationError", "BadRequestError", "ConflictError", "FailedEvent",
    "Fluxrate", "FluxrateError", "InternalServerError", "NotFoundError", "Page",
    "PermissionDeniedError", "RateLimitError", "RequestTooLargeError", "ServiceUnavailableError",
    "Tracker", "TrackerOptions", "TrackerStats", "UnprocessableEntityError", "__version__",
    "models", "webhooks",
]
