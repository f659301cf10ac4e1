"""The API reference a person can browse: Swagger UI over the whole API's OpenAPI document.

Its scripts and styles are the ones the `swagger-ui-py` package ships, served from here, so the
page works without reaching any other host.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from aiohttp import web

from fluxrate_common.app import COMBINED_OPENAPI_PATH

DOCS_PATH = "/api/v1/docs"
ASSETS_PATH = f"{DOCS_PATH}/assets"
ASSETS_DIR = Path(str(files("swagger_ui").joinpath("static")))

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Fluxrate API reference</title>
  <link rel="stylesheet" href="{ASSETS_PATH}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{ASSETS_PATH}/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{ASSETS_PATH}/swagger-ui-bundle.js"></script>
  <script src="{ASSETS_PATH}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{COMBINED_OPENAPI_PATH}",
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
    }});
  </script>
</body>
</html>
"""


async def _page(_: web.Request) -> web.Response:
    return web.Response(text=PAGE, content_type="text/html")


def add_docs_routes(app: web.Application) -> None:
    app.router.add_get(DOCS_PATH, _page)
    app.router.add_get(DOCS_PATH + "/", _page)
    app.router.add_static(ASSETS_PATH, ASSETS_DIR)
