"""Fetching a file from another site on a journalist's request (a pasted picture brought into
the media library, the media of an imported WordPress site), without letting the address reach
inside our network.

- Only http and https on their standard ports, no user:password@ in the address.
- Every address the host resolves to must be on the public Internet (no loopback, private,
  link-local, multicast or reserved address, IPv4-mapped IPv6 included), and the connection goes
  to the address that was checked, never to a second DNS answer (DNS rebinding).
- Redirects are followed by hand, each hop checked the same way; https never drops to http.
- A size limit (Content-Length first, then while reading), a content type allow-list, a timeout
  per request and a total deadline.

A refusal raises FetchRefused with a French message for the person who asked.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
REQUEST_TIMEOUT = 10  # seconds, per connection and read
TOTAL_SECONDS = 30
USER_AGENT = "LeMagazine/1.0 (+media library import)"
PORTS = {"http": 80, "https": 443}


class FetchRefused(Exception):
    """The address was refused, or what it answered was. str() is a French sentence."""


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


def public_addresses(host, port):
    """Every address `host` resolves to; refused if any of them is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchRefused(_("Adresse introuvable : %(host)s.") % {"host": host}) from None
    addresses = []
    for info in infos:
        try:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
        except ValueError:
            raise FetchRefused(_("Adresse introuvable : %(host)s.") % {"host": host}) from None
        address = getattr(address, "ipv4_mapped", None) or address
        if not address.is_global or address.is_multicast:
            raise FetchRefused(_("Adresse refusée : %(host)s n'est pas sur l'Internet public.")
                               % {"host": host})
        addresses.append(str(address))
    if not addresses:
        raise FetchRefused(_("Adresse introuvable : %(host)s.") % {"host": host})
    return addresses


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to `host`, connected to the address that was checked."""

    def __init__(self, host, address, port, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to `host` (certificate checked for that name), connected to the checked address."""

    def __init__(self, host, address, port, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


CONNECTIONS = {"http": _PinnedHTTPConnection, "https": _PinnedHTTPSConnection}


def _check_url(url, previous_scheme=None):
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchRefused(_("Adresse mal formée.")) from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in PORTS or not host:
        raise FetchRefused(_("Seules les adresses http:// et https:// sont acceptées."))
    if parts.username or parts.password:
        raise FetchRefused(_("Adresse refusée : elle contient un identifiant."))
    if port not in (None, PORTS[scheme]):
        raise FetchRefused(_("Adresse refusée : port %(port)s non standard.") % {"port": port})
    if previous_scheme == "https" and scheme == "http":
        raise FetchRefused(_("Redirection refusée : de https vers http."))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, PORTS[scheme], target


def fetch(url, *, max_bytes, content_types=None, total_seconds=TOTAL_SECONDS):
    """GET `url` as described above; return a Fetched or raise FetchRefused.

    `content_types`: the accepted media types (without parameters), or None for any.
    """
    deadline = time.monotonic() + total_seconds
    scheme = None
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, target = _check_url(url, scheme)
        address = public_addresses(host, port)[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchRefused(_("Le site %(host)s met trop de temps à répondre.") % {"host": host})
        connection = CONNECTIONS[scheme](host, address, port, min(REQUEST_TIMEOUT, remaining))
        try:
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused(_("Le site %(host)s redirige sans dire où.") % {"host": host})
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchRefused(_("Le site %(host)s répond « %(status)s ».")
                                   % {"host": host, "status": response.status})
            content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            if content_types is not None and content_type not in content_types:
                raise FetchRefused(_("Type de fichier refusé : %(type)s.")
                                   % {"type": content_type or _("inconnu")})
            length = response.getheader("Content-Length")
            if length and (not length.isdigit() or int(length) > max_bytes):
                raise FetchRefused(_too_big(max_bytes))
            return Fetched(url, content_type, _read(response, max_bytes, deadline, host))
        except (OSError, http.client.HTTPException):
            raise FetchRefused(_("Le site %(host)s ne répond pas.") % {"host": host}) from None
        finally:
            connection.close()
    raise FetchRefused(_("Trop de redirections."))


def _too_big(max_bytes):
    size = f"{max_bytes / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "")
    return _("Fichier trop lourd : le maximum est %(limit)s Mo.") % {"limit": size}


def _read(response, max_bytes, deadline, host):
    chunks, size = [], 0
    while True:
        if time.monotonic() >= deadline:
            raise FetchRefused(_("Le site %(host)s met trop de temps à répondre.") % {"host": host})
        chunk = response.read(min(65536, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(_too_big(max_bytes))
