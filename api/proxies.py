"""Who is really calling: X-Forwarded-For is believed only from configured trusted proxies.

A request's rate (api/throttle.py) and its audit entry count against its address. Any client can send an
X-Forwarded-For header, so the header is read only when the connection comes from a trusted proxy
(PERMITGRAPH_TRUSTED_PROXIES: addresses or CIDR networks; none by default), and then the address taken is the
right-most one that is not itself a trusted proxy: what the last trusted hop saw. uvicorn's own proxy handling is
off (`permitgraph serve`), so this middleware is the one place that decides.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from graph.errors import InvalidInput

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(text: str) -> tuple[Network, ...]:
    """PERMITGRAPH_TRUSTED_PROXIES parsed: a bad entry stops the app before it serves."""
    found = []
    for item in (t.strip() for t in text.split(",")):
        if not item:
            continue
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise InvalidInput(f"PERMITGRAPH_TRUSTED_PROXIES: {item[:60]!r} is not an address or network") from None
    return tuple(found)


def _trusted(host: str, trusted: Iterable[Network]) -> bool:
    try:
        address = ipaddress.ip_address(host.strip())
    except ValueError:
        return False
    return any(address in n for n in trusted)


def forwarded_client(peer: str, header: str | None, trusted: tuple[Network, ...]) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy and says whom it forwards for."""
    if not header or not trusted or not _trusted(peer, trusted):
        return peer
    hops = [h.strip() for h in header.split(",")[-20:] if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a forged or garbled entry past the trusted hops: count the proxy itself
    return peer


class TrustedProxies:
    """Rewrites the ASGI scope's client from X-Forwarded-For when, and only when, the peer is trusted."""

    def __init__(self, app: ASGIApp, trusted: tuple[Network, ...]) -> None:
        self.app, self.trusted = app, trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.trusted and scope["type"] in ("http", "websocket") and scope.get("client"):
            header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"), None)
            host, _port = scope["client"]
            client = forwarded_client(host, header, self.trusted)
            if client != host:
                scope = {**scope, "client": (client, 0)}
        await self.app(scope, receive, send)
