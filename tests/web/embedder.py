"""A customer's own website on loopback: one page that frames the portal, and a logo for the
org's branding. Served on 127.0.0.1 and browsed as `http://localhost:<port>`, so it is another
site than the platform's `http://127.0.0.1:<port>`: a cookie set by the portal would be a
third-party cookie there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from html import escape

from aiohttp import web

LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32" viewBox="0 0 120 32">'
        b'<rect width="32" height="32" rx="7" fill="#0E7490"/><path d="M9 22 16 9l7 13z" fill="#fff"/>'
        b'<text x="40" y="22" font-family="sans-serif" font-size="15" font-weight="700" '
        b'fill="#0E7490">acme</text></svg>')
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
        return f"{self.origin}/logo.svg"


def _app(embedder: Embedder, height: int) -> web.Application:
    async def page(_: web.Request) -> web.Response:
        src = escape(embedder.frame_src.get("src", "about:blank"), quote=True)
        return web.Response(text=PAGE.format(src=src, height=height), content_type="text/html")

    async def logo(_: web.Request) -> web.Response:
        return web.Response(body=LOGO, content_type="image/svg+xml")

    app = web.Application()
    app.router.add_get("/", page)
    app.router.add_get("/logo.svg", logo)
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
