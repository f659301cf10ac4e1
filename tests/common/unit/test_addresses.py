"""Targets a delivery may never reach while private targets are not allowed."""

from __future__ import annotations

import ipaddress

import pytest

from fluxrate_common.addresses import refusal, url_refusal

REFUSED = ["127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
           "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "240.0.0.1",
           "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
           "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::1", "2002:a9fe:a9fe::1",
           "2001:0:4136:e378:8000:63bf:f5ff:fffe"]  # Teredo wrapping 10.0.0.1
ALLOWED = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"]


@pytest.mark.parametrize("address", REFUSED)
def test_private_and_special_addresses_are_refused(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(("url", "refused"), [
    ("http://127.0.0.1:8080/hook", True), ("https://[::1]/hook", True),
    ("http://169.254.169.254/latest/meta-data", True), ("http://[::ffff:192.168.0.1]/", True),
    ("https://10.0.0.7:443/x", True), ("https://example.com/hook", False),
    ("https://8.8.8.8/hook", False), ("http://localhost:9000/", False),  # a name: checked when resolved
])
def test_urls_naming_an_address_are_checked_before_any_lookup(url: str, refused: bool) -> None:
    assert (url_refusal(url) is not None) is refused
