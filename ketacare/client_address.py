"""The client's address, one way for every part of the app that records or
limits by it: the start throttle, the FAQ search limit, the audit trail and
django-axes' lockouts.

Behind proxies (KETACARE_PROXY_HOPS > 0), each trusted proxy appends the
address it received the request from to X-Forwarded-For, so the client is the
entry that many places from the right. Anything further left was written by the
client and proves nothing.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# One IPv6 subscriber usually holds a whole /64: limits count it as one client.
IPV6_CLIENT_PREFIX = 64


def _valid(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return ""


def client_address(request: HttpRequest) -> str:
    """The address the outermost trusted proxy saw, or REMOTE_ADDR without one."""
    hops = settings.KETACARE_PROXY_HOPS
    if hops > 0:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if forwarded:
            # Fewer entries than hops: the request skipped an outer proxy, and
            # every entry there is was written by one we trust.
            found = _valid(forwarded[-min(hops, len(forwarded))])
            if found:
                return found
    return _valid(request.META.get("REMOTE_ADDR", ""))


def client_network(request: HttpRequest) -> str:
    """What limits count as one client: an IPv4 address, or an IPv6 /64
    (written as its first address, so it still fits an address column)."""
    address = client_address(request)
    if not address:
        return ""
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        network = ipaddress.IPv6Network(
            (parsed, IPV6_CLIENT_PREFIX), strict=False
        ).network_address
        return str(network)
    return address
