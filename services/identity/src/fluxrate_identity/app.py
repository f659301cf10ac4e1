"""The identity service's aiohttp application."""

from __future__ import annotations

from aiohttp import web

from fluxrate_common.app import ServiceSpec, create_service_app
from fluxrate_common.events import API_KEY_USAGE, API_KEYS
from fluxrate_identity.settings import Settings

SPEC = ServiceSpec(
    name="identity",
    package="fluxrate_identity",
    topics=(API_KEYS, API_KEY_USAGE),
    outbox=True,
)


def build_app(settings: Settings) -> web.Application:
    return create_service_app(SPEC, settings)
