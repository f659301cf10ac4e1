"""Every service's settings class and app factory, by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

import fluxrate_aggregator.app
import fluxrate_aggregator.settings
import fluxrate_catalog.app
import fluxrate_catalog.settings
import fluxrate_identity.app
import fluxrate_identity.settings
import fluxrate_ingest.app
import fluxrate_ingest.settings
import fluxrate_invoicing.app
import fluxrate_invoicing.settings
import fluxrate_subscriptions.app
import fluxrate_subscriptions.settings
import fluxrate_webhooks.app
import fluxrate_webhooks.settings
from fluxrate_common.app import ServiceSpec
from fluxrate_common.settings import ServiceSettings


@dataclass(frozen=True)
class ServiceEntry:
    spec: ServiceSpec
    settings_cls: type[ServiceSettings]
    build_app: Callable[[Any], web.Application]


SERVICES: dict[str, ServiceEntry] = {
    module.app.SPEC.name: ServiceEntry(module.app.SPEC, module.settings.Settings,
                                       module.app.build_app)
    for module in (fluxrate_identity, fluxrate_catalog, fluxrate_ingest, fluxrate_aggregator,
                   fluxrate_subscriptions, fluxrate_invoicing, fluxrate_webhooks)
}
