"""Outside `fluxrate dev`, session cookies are Secure unless told otherwise (identity run as in
production, its own process)."""

from __future__ import annotations

import aiohttp

from tests.support.api import PASSWORD
from tests.support.services import start_services
from tests.support.stack import ServerStack


async def test_cookies_are_secure_httponly_and_samesite_by_default(stack: ServerStack,
                                                                   tmp_path) -> None:
    environment = await stack.new_environment()
    environment.env.pop("FLUXRATE_COOKIE_SECURE")  # the default, as production gets it
    services = await start_services(environment, ["identity"], tmp_path)
    try:
        async with aiohttp.ClientSession() as http, http.post(
                services["identity"].url + "/api/v1/auth/signup",
                json={"email": "secure@example.com", "password": PASSWORD,
                      "org_name": "Secure"}) as reply:
            assert reply.status == 201, await reply.text()
            set_cookies = reply.headers.getall("Set-Cookie")
        session = next(c for c in set_cookies if c.startswith("access_token="))
        refresh = next(c for c in set_cookies if c.startswith("refresh_token="))
        for cookie in (session, refresh):
            assert "Secure" in cookie and "HttpOnly" in cookie, cookie
        assert "SameSite=Lax" in session and "SameSite=Strict" in refresh
        assert "Path=/api/v1/auth" in refresh
    finally:
        services.stop()
