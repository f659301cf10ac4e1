"""Where an org's customer portal may be framed, and what its pages may load. Pure.

Origins and logo URLs are https only, except on loopback (development); an origin is exactly
scheme, host and port, which is what `Content-Security-Policy: frame-ancestors` compares.
"""

from __future__ import annotations

from urllib.parse import urlsplit

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _scheme_allowed(scheme: str, host: str) -> bool:
    return scheme == "https" or (scheme == "http" and host in LOOPBACK)


def _valid_host(host: str) -> bool:
    if host in LOOPBACK:
        return True
    labels = host.split(".")
    return (len(host) <= 253 and set(host) <= _HOST_CHARS and len(labels) >= 2
            and all(0 < len(label) <= 63 and not label.startswith("-") and not label.endswith("-")
                    for label in labels))


def _split(value: str) -> tuple[str, str, int | None, str]:
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        raise ValueError("is not a URL") from None
    host = (parts.hostname or "").lower()
    if not _scheme_allowed(parts.scheme.lower(), host) or not _valid_host(host):
        raise ValueError("must be https:// (http:// only for localhost) with a valid host name")
    if parts.username or parts.password:
        raise ValueError("must not carry a user name or password")
    return parts.scheme.lower(), host, port, parts.path


def normalize_origin(value: str) -> str:
    """`https://app.example.com` or `https://app.example.com:8443`: no path, query or fragment."""
    scheme, host, port, path = _split(value)
    parts = urlsplit(value.strip())
    if path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("must be an origin (scheme, host and port), without a path")
    netloc = f"[{host}]" if ":" in host else host
    return f"{scheme}://{netloc}" + (f":{port}" if port is not None else "")


def check_public_url(value: str) -> str:
    """A URL a browser will load (a logo): https, or http on loopback."""
    _split(value)
    return value.strip()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def frame_ancestors(origins: list[str]) -> str:
    """Who may frame the portal: nobody until the org names its own sites."""
    return "frame-ancestors " + (" ".join(origins) if origins else "'none'")


def portal_document_policy(origins: list[str], logo_url: str | None) -> str:
    images = "img-src 'self' data:" + (f" {origin_of(logo_url)}" if logo_url else "")
    return "; ".join(["default-src 'self'", images, "style-src 'self' 'unsafe-inline'",
                      "base-uri 'none'", "form-action 'none'", "object-src 'none'",
                      frame_ancestors(origins)])
