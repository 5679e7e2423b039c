"""Which Host and Origin a served workspace answers to: its own address, nothing else.

A page on another site may make the browser open a WebSocket to 127.0.0.1
(browsers allow it; they send that page's Origin), and a name the attacker
controls may be pointed at 127.0.0.1 after the page loaded (DNS rebinding: the
browser then sends the attacker's name as Host). Refusing every Origin and
Host but the served address (host:port, its loopback names, the public URL's
host) closes both.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from okr_tui.i18n import N_, _

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

Place = tuple[str, str, int]

NOT_AN_ADDRESS = N_("{url!r} is not an address like http://127.0.0.1:8000")
"""(scheme, host, port), the host lower-case and without brackets."""


def is_loopback(host: str) -> bool:
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _place(url: str) -> Place | None:
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").lower()
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    if not host or port is None or scheme not in DEFAULT_PORTS:
        return None
    return (scheme, host, port)


def _authority(host_header: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit(f"//{host_header}")
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if not host or parts.username is not None or parts.path:
        return None
    return (host, port)


def base_url(url: str) -> str:
    """`url` as the address of a server (http or https, a host, maybe a port), no slash.

    ValueError, saying what is wrong, for anything else: a path, a query, no host.
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it checks the port
    except ValueError:
        raise ValueError(_(NOT_AN_ADDRESS).format(url=url)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(_(NOT_AN_ADDRESS).format(url=url))
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(_("{url!r} holds more than the server's address").format(url=url))
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True, slots=True)
class ServedAddress:
    """The places (scheme, host, port) browsers reach this server at."""

    places: frozenset[Place]
    public_url: str

    @property
    def secure(self) -> bool:
        """Whether browsers come in over https (then the session cookie is Secure)."""
        return self.public_url.lower().startswith("https:")

    def allows_host(self, host_header: str | None) -> bool:
        if host_header is None:
            return False
        found = _authority(host_header)
        if found is None:
            return False
        host, port = found
        for scheme, allowed_host, allowed_port in self.places:
            wanted = port if port is not None else DEFAULT_PORTS[scheme]
            if host == allowed_host and wanted == allowed_port:
                return True
        return False

    def allows_origin(self, origin: str) -> bool:
        found = _place(origin)
        return found is not None and found in self.places

    def names(self) -> str:
        """The addresses, for a refusal that says what would have been accepted."""
        shown = sorted(f"{host}:{port}" for _, host, port in self.places)
        return ", ".join(dict.fromkeys(shown))


def served_address(host: str, port: int, public_url: str | None) -> ServedAddress:
    """Where browsers may reach a server bound to host:port (and its public URL, if any)."""
    host = host.strip("[]").lower()
    places: set[Place] = {("http", host, port)}
    if is_loopback(host):
        places.update(("http", name, port) for name in LOOPBACK_NAMES)
    url = public_url or f"http://{f'[{host}]' if ':' in host else host}:{port}"
    public = _place(url)
    if public is not None:
        places.add(public)
    return ServedAddress(frozenset(places), url.rstrip("/"))
