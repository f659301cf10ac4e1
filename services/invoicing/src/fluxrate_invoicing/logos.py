"""Org logos for invoice PDFs. The branding names a URL; PDFs are rendered from what invoicing
holds, so a fetcher (in the worker role) downloads each new logo once, checks it is a PNG or
JPEG image of reasonable size, and keeps it as a PNG beside the branding read model. Rendering
never touches the network, and an invoice's PDF stays the same bytes while its logo does.

A logo that cannot be fetched leaves PDFs with the org's name only; it is tried again after
a while, or at once when the branding names another URL. Like webhooks, the fetcher reaches
only public addresses unless private targets are allowed: a logo URL must not be a way into
the network or a cloud's metadata endpoint."""

from __future__ import annotations

import asyncio
import io
from typing import Any
from uuid import UUID

import aiohttp
import asyncpg
from PIL import Image, UnidentifiedImageError

from fluxrate_common.addresses import url_refusal
from fluxrate_common.clients.outbound import describe_failure, outbound_session
from fluxrate_common.logging import get_logger

log = get_logger("fluxrate.invoicing.logos")
MAX_BYTES = 1024 * 1024
MAX_PIXELS = (1200, 400)  # twice what a PDF heading shows: sharp, and small to keep
TYPES = frozenset({"PNG", "JPEG"})
_PENDING = (
    "SELECT org_id, snapshot ->> 'logo_url' AS url FROM org_branding"
    " WHERE snapshot ->> 'logo_url' IS DISTINCT FROM logo_source"
    " OR (logo_error IS NOT NULL AND logo_fetched_at < now() - interval '10 minutes') LIMIT $1"
)
_STORE = (
    "UPDATE org_branding SET logo = $3, logo_source = $2, logo_error = $4, logo_fetched_at = now()"
    " WHERE org_id = $1 AND snapshot ->> 'logo_url' IS NOT DISTINCT FROM $2"
)


class LogoRefused(ValueError):
    pass


def as_png(data: bytes) -> bytes:
    """The image, checked and bounded, as a PNG (the same input gives the same bytes)."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in TYPES:
            raise LogoRefused(f"a logo must be a PNG or JPEG image, not {image.format}")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise LogoRefused(f"not an image: {error}") from None
    image = image.convert("RGBA")
    image.thumbnail(MAX_PIXELS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


async def download(http: aiohttp.ClientSession, url: str, allow_private: bool) -> bytes:
    refused = None if allow_private else url_refusal(url)
    if refused is not None:
        raise LogoRefused(f"refused: {refused}")
    async with http.get(url, allow_redirects=False) as response:
        if response.status != 200:
            raise LogoRefused(f"the logo's address answered {response.status}")
        data = await response.content.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise LogoRefused(f"a logo may weigh {MAX_BYTES // 1024} KiB at most")
    return await asyncio.to_thread(as_png, data)


async def _fetch_one(pool: asyncpg.Pool, http: aiohttp.ClientSession, org_id: UUID,
                     url: str | None, allow_private: bool) -> None:
    logo, error = None, None
    if url is not None:
        try:
            logo = await download(http, url, allow_private)
        except LogoRefused as refusal:
            error = str(refusal)
        except (aiohttp.ClientError, OSError, TimeoutError) as failure:
            error = describe_failure(failure)
        if error is not None:
            log.warning("logo_fetch_failed", org_id=str(org_id), error=error)
    await pool.execute(_STORE, org_id, url, logo, error)


async def run_logo_fetcher(pool: asyncpg.Pool, interval: float, allow_private: bool,
                           batch: int = 10) -> None:
    timeout = aiohttp.ClientTimeout(total=10, connect=5)
    async with outbound_session(timeout, allow_private) as http:
        while True:
            rows = await pool.fetch(_PENDING, batch)
            for row in rows:
                await _fetch_one(pool, http, row["org_id"], row["url"], allow_private)
            if len(rows) < batch:
                await asyncio.sleep(interval)


async def logo_of(db: Any, org_id: UUID) -> bytes | None:
    """The org's current logo, if it was fetched from the address its branding names now."""
    return await db.fetchval("SELECT logo FROM org_branding WHERE org_id = $1"
                             " AND logo_source = snapshot ->> 'logo_url'", org_id)
