"""The real client address behind reverse proxies, trusting forwarding headers only from
proxies we know (two peers were bypassed with forged X-Forwarded-For)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# "auto" trusts a peer on these networks only: a reverse proxy on this host. A proxy
# elsewhere is named with "on" and its CIDRs; trusting every private peer would let any
# client on the LAN write its own X-Forwarded-For and dodge the lockout and token IP lists.
LOOPBACK_NETWORKS: tuple[str, ...] = ("127.0.0.0/8", "::1/128")


@lru_cache(maxsize=32)
def parse_networks(cidrs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    candidate = text.strip()
    if candidate.startswith("[") and "]" in candidate:  # [v6]:port
        candidate = candidate[1 : candidate.index("]")]
    elif candidate.count(":") == 1:  # v4:port
        candidate = candidate.split(":")[0]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _within(address, networks: Iterable[IPNetwork]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def resolve_client_ip(
    peer: str, forwarded_for: str | None, *, mode: str, trusted: tuple[str, ...] = ()
) -> str:
    """The client address for a request from ``peer`` carrying ``X-Forwarded-For``.

    ``mode`` is ``off`` (never trust the header), ``auto`` (trust loopback peers)
    or ``on`` (trust only the ``trusted`` CIDRs). Walking the chain from the right, every hop
    that is a trusted proxy is skipped; the first one that is not is the client. Anything a
    client prepends lies left of that point and is ignored; a malformed entry ends the walk.
    """
    peer_address = _address(peer)
    if peer_address is None:
        return peer
    if mode == "off" or not forwarded_for:
        return str(peer_address)
    networks = parse_networks(LOOPBACK_NETWORKS if mode == "auto" else tuple(trusted))
    if not _within(peer_address, networks):
        return str(peer_address)
    client = peer_address
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break
        client = address
        if not _within(address, networks):
            break
    return str(client)


def client_ip(request: HttpRequest) -> str:
    """The client address of a request under the configured trusted-proxy setting."""
    return resolve_client_ip(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        mode=settings.MAILWARDEN_TRUSTED_PROXY,
        trusted=tuple(settings.MAILWARDEN_TRUSTED_PROXIES),
    )


def in_networks(ip: str, cidrs: Iterable[str]) -> bool:
    address = _address(ip)
    return address is not None and _within(address, parse_networks(tuple(cidrs)))
