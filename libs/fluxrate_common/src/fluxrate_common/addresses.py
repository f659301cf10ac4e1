"""Where requests to addresses a user names (webhook endpoints, logos) may go: public
addresses only, unless private targets are allowed (a development or test setting). Private,
loopback, link-local, multicast, reserved and unspecified addresses are refused, also when an
IPv6 address embeds one (IPv4-mapped, 6to4, Teredo), so such a URL can never reach a service
inside the network or a cloud's metadata endpoint."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded(address: Address) -> list[Address]:
    if isinstance(address, ipaddress.IPv4Address):
        return []
    found = [address.ipv4_mapped, address.sixtofour]
    if address.teredo is not None:
        found.append(address.teredo[1])
    return [a for a in found if a is not None]


def refusal(address: Address) -> str | None:
    """Why a request may not go to this address, or None when it may."""
    for candidate in (address, *_embedded(address)):
        if (not candidate.is_global or candidate.is_multicast or candidate.is_reserved
                or candidate.is_unspecified or candidate.is_loopback or candidate.is_link_local):
            return f"{address} is not a public address"
    return None


def literal_address(host: str) -> Address | None:
    """The address a URL's host names literally (`[::1]`, `10.0.0.1`), or None for a name."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def url_refusal(url: str) -> str | None:
    """Why a URL may not be a target without resolving it: an address it names literally."""
    host = urlsplit(url).hostname or ""
    address = literal_address(host)
    return None if address is None else refusal(address)
