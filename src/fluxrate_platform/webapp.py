"""`fluxrate web`: the dashboard's built files (web/dist), served next to the API.

A single-page app: any path that is not a file gets index.html and the browser's router takes
over. Vite names every asset by its content hash, so those are cached for good; index.html is
revalidated on every load so a new build shows at once. Unknown `/api/` paths keep the API's
JSON error envelope, since a client there expects JSON, never a page.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from fluxrate_common.health import healthz
from fluxrate_common.http.json import json_response

DIST = web.AppKey("dist", Path)
DEFAULT_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Same-origin only: the dashboard loads nothing from anywhere else.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' "
                               "'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def _not_found() -> web.Response:
    return json_response({"error": {"type": "not_found", "code": "route_not_found",
                                    "message": "not found"}}, status=404)


def _file_for(dist: Path, path: str) -> Path | None:
    """The built file a URL path names, never one outside `dist`."""
    candidate = (dist / path.lstrip("/")).resolve()
    if candidate != dist and dist in candidate.parents and candidate.is_file():
        return candidate
    return None


def _respond(file: Path, cache_control: str) -> web.FileResponse:
    response = web.FileResponse(file)
    response.headers["Cache-Control"] = cache_control
    response.headers.update(SECURITY_HEADERS)
    return response


async def serve(request: web.Request) -> web.StreamResponse:
    if request.path == "/api" or request.path.startswith("/api/"):
        return _not_found()
    if request.method not in ("GET", "HEAD"):
        raise web.HTTPMethodNotAllowed(request.method, ["GET", "HEAD"])
    dist = request.app[DIST]
    file = _file_for(dist, request.path)
    if file is not None:
        hashed = file.parent == dist / "assets"
        return _respond(file, IMMUTABLE if hashed else REVALIDATE)
    if request.path.startswith("/assets/"):
        return _not_found()  # a stale hashed name: never answer a script with the page
    return _respond(dist / "index.html", REVALIDATE)


async def readyz(request: web.Request) -> web.Response:
    built = (request.app[DIST] / "index.html").is_file()
    report = {"dist": "ok" if built else f"failing: no index.html in {request.app[DIST]}"}
    return json_response({"status": "ready" if built else "not_ready", "checks": report},
                         status=200 if built else 503)


def build_web_app(dist: Path = DEFAULT_DIST, *, health: bool = True) -> web.Application:
    """The static app; `health=False` when mounted under a root that answers /healthz itself."""
    app = web.Application()
    app[DIST] = dist.resolve()
    if health:
        app.router.add_get("/healthz", healthz)
        app.router.add_get("/readyz", readyz)
    app.router.add_route("*", "/{tail:.*}", serve)
    return app
