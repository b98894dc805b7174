"""Where a webhook may be sent: the check of a callback URL, when it is given and again before
every connection (a name can point elsewhere by then).

Callbacks must be https to public addresses. A host named in KANTORENTOP_WEBHOOK_ALLOWED_HOSTS
may also take plain http and resolve to a private, loopback or link-local address (a province's
own network); WEBHOOK_ALLOW_LOOPBACK lets tests use receivers on 127.0.0.1 (http or https)
without naming them.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class CallbackRefused(ValueError):
    """The callback URL may not be called; the message says why (shown to its owner)."""


@dataclass(frozen=True)
class Target:
    """A checked callback: connect to `address` (resolved and checked), speak to `host`."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _inward(address: IpAddress) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return not address.is_global or address.is_multicast


def _permitted_inward(host: str, address: IpAddress) -> bool:
    if host in settings.WEBHOOK_ALLOWED_HOSTS:
        return True
    return bool(settings.WEBHOOK_ALLOW_LOOPBACK and address.is_loopback)


def _plain_http_allowed(host: str) -> bool:
    if host in settings.WEBHOOK_ALLOWED_HOSTS:
        return True
    try:
        return bool(settings.WEBHOOK_ALLOW_LOOPBACK and ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return False


def _resolve(host: str, port: int) -> list[IpAddress]:
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError) as error:
        raise CallbackRefused(_("The host name of the callback URL cannot be found.")) from error
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def callback_target(url: str) -> Target:
    """Check `url` and resolve its host; raises CallbackRefused with the reason. Every address
    the name resolves to is checked, and the connection goes to the first of them, so a name
    that resolves inward for the check cannot be sent to a different address afterwards."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise CallbackRefused(_("The callback URL is not a valid URL.")) from error
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise CallbackRefused(_("The callback URL must start with https:// and name a host."))
    if parts.username or parts.password:
        raise CallbackRefused(_("The callback URL may not contain a user name or password."))
    if parts.scheme == "http" and not _plain_http_allowed(host):
        raise CallbackRefused(
            _("The callback URL must use https (plain http only for the hosts the portal names).")
        )
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(host, port)
    for address in addresses:
        if _inward(address) and not _permitted_inward(host, address):
            raise CallbackRefused(
                _("The callback URL points to a private, loopback or link-local address.")
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=parts.scheme, host=host, port=port, path=path, address=str(addresses[0]))
