"""A route names the use cases its handler calls (`service=`, an AppKey) and the handler is
handed them as `service`, the way it is handed the principal, its query and its body."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from pydantic import BaseModel

from fluxrate_common.http.routes import ApiRoutes


class Greeter:
    def greet(self, name: str) -> str:
        return f"hello {name}"


class NameQuery(BaseModel):
    name: str


GREETER = web.AppKey("greeter", Greeter)


def _served(routes: ApiRoutes, path: str, app: web.Application) -> Any:
    (route,) = routes.table
    return route.handler, make_mocked_request("GET", path, app=app)


async def test_a_handler_receives_the_service_its_route_names() -> None:
    routes, seen = ApiRoutes(), {}
    app = web.Application()
    app[GREETER] = Greeter()

    @routes.get("/greet", auth="none", service=GREETER, query=NameQuery)
    async def greet(request: web.Request, service: Greeter, query: NameQuery) -> web.Response:
        seen["service"] = service
        return web.Response(text=service.greet(query.name))

    endpoint, request = _served(routes, "/greet?name=ada", app)
    response = await endpoint(request)
    assert response.text == "hello ada"
    assert seen["service"] is app[GREETER]
    assert routes.specs[0].service is GREETER


async def test_a_route_naming_no_service_hands_none() -> None:
    routes = ApiRoutes()

    @routes.get("/plain", auth="none")
    async def plain(request: web.Request, **given: Any) -> web.Response:
        return web.Response(text=",".join(sorted(given)) or "nothing")

    endpoint, request = _served(routes, "/plain", web.Application())
    assert (await endpoint(request)).text == "nothing"
    assert routes.specs[0].service is None
