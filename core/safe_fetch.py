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

A refusal raises FetchRefused with a French message (a lower-case clause, so callers can
write « Image non reprise : <message> ») for the person who asked.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit

from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
REQUEST_TIMEOUT = 10  # seconds, per connection and read
TOTAL_SECONDS = 30
USER_AGENT = "LeMagazine/1.0 (+media library import)"
PORTS = {"http": 80, "https": 443}


class FetchRefused(Exception):
    """The address was refused, or what it answered was. str() is a French sentence."""


def public_addresses(host, port):
    """Every address `host` resolves to; refused if any of them is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchRefused(_("adresse introuvable : %(host)s") % {"host": host}) from None
    addresses = []
    for info in infos:
        try:
            address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        except ValueError:
            raise FetchRefused(_("adresse introuvable : %(host)s") % {"host": host}) from None
        address = getattr(address, "ipv4_mapped", None) or address
        if not address.is_global or address.is_multicast:
            raise FetchRefused(_("%(host)s désigne une adresse non publique") % {"host": host})
        addresses.append(str(address))
    if not addresses:
        raise FetchRefused(_("adresse introuvable : %(host)s") % {"host": host})
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


def exchange(scheme, host, port, address, target, timeout):
    """One GET to `address` for `host` (the seam tests replace): (status, headers with
    lower-case names, body with read(n), close())."""
    connection = CONNECTIONS[scheme](host, address, port, timeout)
    try:
        connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
    except BaseException:
        connection.close()
        raise
    return (response.status, {name.lower(): value for name, value in response.getheaders()},
            response, connection.close)


def _check_url(url, previous_scheme=None):
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchRefused(_("adresse mal formée")) from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in PORTS or not host:
        raise FetchRefused(_("seules les adresses http:// et https:// sont acceptées"))
    if parts.username or parts.password:
        raise FetchRefused(_("adresse refusée : elle contient un identifiant"))
    if port not in (None, PORTS[scheme]):
        raise FetchRefused(_("adresse refusée : port %(port)s non standard") % {"port": port})
    if previous_scheme == "https" and scheme == "http":
        raise FetchRefused(_("redirection refusée : de https vers http"))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, PORTS[scheme], target


def fetch(url, *, max_bytes, timeout=TOTAL_SECONDS, content_types=None):
    """The body of `url` (bytes), fetched as described above, within `timeout` seconds in all;
    FetchRefused otherwise. `content_types`: the accepted media types (no parameters), or None
    for any (a picture is checked by decoding it anyway: core.images.check_image)."""
    deadline = time.monotonic() + timeout
    scheme = None
    for _hop in range(MAX_REDIRECTS + 1):
        scheme, host, port, target = _check_url(url, scheme)
        address = public_addresses(host, port)[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchRefused(_("%(host)s met trop de temps à répondre") % {"host": host})
        try:
            status, headers, body, close = exchange(scheme, host, port, address, target,
                                                    min(REQUEST_TIMEOUT, remaining))
        except (OSError, http.client.HTTPException):
            raise FetchRefused(_("%(host)s ne répond pas") % {"host": host}) from None
        try:
            if status in (301, 302, 303, 307, 308):
                location = headers.get("location")
                if not location:
                    raise FetchRefused(_("%(host)s redirige sans dire où") % {"host": host})
                url = urljoin(url, location)
                continue
            if status != 200:
                raise FetchRefused(_("%(host)s répond « %(status)s »") % {"host": host, "status": status})
            content_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
            if content_types is not None and content_type not in content_types:
                raise FetchRefused(_("type de fichier refusé : %(type)s")
                                   % {"type": content_type or _("inconnu")})
            length = headers.get("content-length")
            if length and (not length.isdigit() or int(length) > max_bytes):
                raise FetchRefused(_too_big(max_bytes))
            return _read(body, max_bytes, deadline, host)
        except (OSError, http.client.HTTPException):
            raise FetchRefused(_("%(host)s ne répond pas") % {"host": host}) from None
        finally:
            if close:
                close()
    raise FetchRefused(_("trop de redirections"))


def _too_big(max_bytes):
    size = f"{max_bytes / 1024 / 1024:.1f}".replace(".", ",").replace(",0", "")
    return _("fichier trop lourd : le maximum est %(limit)s Mo") % {"limit": size}


def _read(body, max_bytes, deadline, host):
    chunks, size = [], 0
    while True:
        if time.monotonic() >= deadline:
            raise FetchRefused(_("%(host)s met trop de temps à répondre") % {"host": host})
        chunk = body.read(min(65536, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(_too_big(max_bytes))
