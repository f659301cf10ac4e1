"""HTTP handlers of the branding API: what customers see of the org, and where its portal may
be framed. Read with any credentials; changed by a session or a write key."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from fluxrate_common.auth.principal import Principal
from fluxrate_common.http.json import json_response
from fluxrate_common.http.routes import ApiRoutes
from fluxrate_identity.branding import BrandingService
from fluxrate_identity.branding_schemas import BrandingIn, BrandingOut

BRANDING = web.AppKey("branding_service", BrandingService)
routes = ApiRoutes()


@routes.get("/api/v1/branding", service=BRANDING, response=BrandingOut,
            summary="The org's branding: name, logo, accent colour, portal origins, address")
async def get_branding(request: web.Request, principal: Principal,
                       service: BrandingService) -> web.Response:
    return json_response(await service.get(principal.org_id))


@routes.patch("/api/v1/branding", service=BRANDING, body=BrandingIn, response=BrandingOut,
              summary="Change the branding (only the fields sent; null clears one)")
async def update_branding(request: web.Request, principal: Principal, service: BrandingService,
                          body: BrandingIn) -> web.Response:
    changes = body.model_dump(mode="json", exclude_unset=True)
    branding = await service.update(principal.org_id, changes, datetime.now(UTC))
    return json_response(branding)
