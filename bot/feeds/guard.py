"""The SSRF guard: a feed added from chat must not make the bot fetch from inside the network it runs in.

Every address a host name resolves to is checked (one private answer among public ones is enough to refuse: the
resolver may hand that one to the HTTP client), redirects are checked hop by hop by the fetcher, and after the
connection is made the fetcher checks the peer address it actually reached, which closes the DNS-rebinding gap.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class BlockedAddressError(Exception):
    """The host is, or resolves to, an address the bot may not fetch from."""


def is_public_address(address: IPAddress | str) -> bool:
    """True only for globally routable unicast addresses (not private, loopback, link-local, multicast, reserved)."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            return is_public_address(embedded)
    return ip.is_global and not (ip.is_multicast or ip.is_loopback or ip.is_link_local or ip.is_reserved)


def check_address(address: str) -> None:
    """Raise BlockedAddressError unless `address` (an IP literal, possibly with an IPv6 zone) is public."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        raise BlockedAddressError(f"{address!r} is not an IP address") from None
    if not is_public_address(ip):
        raise BlockedAddressError(f"{ip} is a private, loopback, link-local or reserved address")


def _ip_literal(host: str) -> str | None:
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return str(ipaddress.ip_address(bare))
    except ValueError:
        return None


def _checked_literal(host: str) -> list[str] | None:
    """For a host that is an IP literal, the checked address; None for a name that needs resolving."""
    literal = _ip_literal(host)
    if literal is None:
        return None
    check_address(literal)
    return [literal]


def check_resolved(host: str, addresses: Sequence[str]) -> list[str]:
    """Check every address `host` resolved to; one forbidden address is enough to refuse."""
    unique = sorted(set(addresses))
    if not unique:
        raise socket.gaierror(f"{host!r} resolves to no address")
    for address in unique:
        try:
            check_address(address)
        except BlockedAddressError as exc:
            raise BlockedAddressError(f"{host} resolves to {exc}") from None
    return unique


async def check_host(host: str, port: int) -> list[str]:
    """Resolve `host` and check every address it resolves to; return them.

    Raises BlockedAddressError for a forbidden address, OSError (socket.gaierror) when the name does not resolve,
    which is a reachability problem rather than a policy one.
    """
    if (literal := _checked_literal(host)) is not None:
        return literal
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return check_resolved(host, [str(info[4][0]) for info in infos])


def check_host_blocking(host: str, port: int) -> list[str]:
    """`check_host` for synchronous callers (chat commands run in a worker thread)."""
    if (literal := _checked_literal(host)) is not None:
        return literal
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return check_resolved(host, [str(info[4][0]) for info in infos])
