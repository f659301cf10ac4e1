"""A customer's own website on loopback: one page that frames the portal, and a logo for the
org's branding (the portal shows it, invoice PDFs print it). Served on 127.0.0.1 and browsed as
`http://localhost:<port>`, so it is another site than the platform's `http://127.0.0.1:<port>`:
a cookie set by the portal would be a third-party cookie there."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from html import escape

import fontpkg_lato
from aiohttp import web
from PIL import Image, ImageDraw, ImageFont

LOGO_SIZE = (240, 64)  # pixels
TEAL = (14, 116, 144, 255)


@cache
def logo_png() -> bytes:
    """A made-up company's logo: a teal tile with a white peak, and its name."""
    image = Image.new("RGBA", LOGO_SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 63, 63), radius=14, fill=TEAL)
    draw.polygon([(18, 44), (32, 18), (46, 44)], fill=(255, 255, 255, 255))
    font = ImageFont.truetype(str(fontpkg_lato.ROOT / "files" / "Lato-Bold.ttf"), 34)
    draw.text((78, 12), "acme", font=font, fill=TEAL)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Analytics</title>
<style>body{{margin:0;font-family:sans-serif;background:#f1f5f9}}header{{padding:14px 24px;
background:#0f172a;color:#fff;font-weight:700}}iframe{{display:block;width:100%;height:{height}px;
border:0}}</style></head><body><header>Acme Analytics · Settings &rsaquo; Billing</header>
<iframe id="portal" title="Billing portal" src="{src}"></iframe></body></html>"""


@dataclass
class Embedder:
    port: int
    frame_src: dict[str, str] = field(default_factory=dict)  # the page's iframe, set per test

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def logo_url(self) -> str:
        return f"{self.origin}/logo.png"


def _app(embedder: Embedder, height: int) -> web.Application:
    async def page(_: web.Request) -> web.Response:
        src = escape(embedder.frame_src.get("src", "about:blank"), quote=True)
        return web.Response(text=PAGE.format(src=src, height=height), content_type="text/html")

    async def logo(_: web.Request) -> web.Response:
        return web.Response(body=logo_png(), content_type="image/png")

    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_get("/logo.png", logo)
    return app


@asynccontextmanager
async def embedder_site(height: int = 1400) -> AsyncIterator[Embedder]:
    embedder = Embedder(port=0)
    runner = web.AppRunner(_app(embedder, height), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)  # the OS picks a free port: no race for one
    await site.start()
    embedder.port = runner.addresses[0][1]
    try:
        yield embedder
    finally:
        await runner.cleanup()
