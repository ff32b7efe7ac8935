"""Purges of the caches in front of the site: nginx's page cache and a CDN.

Once a change has committed, pagecache.purge sends `pages_purged` with every address it made
stale (each variant stored: `?page=2`, `/en/…`, feeds). Here each target gets a background task
(core.tasks.retried: a refusal or a silent server is tried again, the wait doubling) that purges
those addresses there:

- nginx (NGINX_PURGE_URL, deploy/nginx/magazine.conf): two requests per address, one per copy
  nginx may hold (gzipped, plain): `GET <NGINX_PURGE_URL>/gzip/<scheme>/<host><path>?<query>` and
  `GET <NGINX_PURGE_URL>/<scheme>/<host><path>?<query>`; the purge locations rebuild the cache
  keys `<scheme>://<host><path>?<query>#gzip` and `…#` and drop those entries (Debian's
  libnginx-mod-http-cache-purge purges exact keys). 200 purged, 404 it held none: both done.
- a CDN (CDN_PURGE_URLS), CDN_PURGE_FORMAT
  - `url` (default): one request per address and endpoint, method CDN_PURGE_METHOD (`PURGE`).
    An endpoint holding `{url}` gets the address there, URL-encoded (BunnyCDN:
    `https://api.bunny.net/purge?url={url}` with CDN_PURGE_METHOD=POST, CDN_PURGE_HEADER=AccessKey);
    any other endpoint is followed by the address's path and query and sent with its Host
    (Varnish, Fastly, another nginx: `PURGE /articles/x/` with `Host: lemagazine.example`);
  - `json`: one POST of `{"files": [addresses…]}` per endpoint and 30 addresses (Cloudflare's
    `https://api.cloudflare.com/client/v4/zones/<zone>/purge_cache`, with
    CDN_PURGE_TOKEN="Bearer <API token>").
  CDN_PURGE_TOKEN goes in the header CDN_PURGE_HEADER (`Authorization`). Any 2xx is done, as is
  a 404 (nothing held); anything else is an error and the task is tried again.
"""

import http.client
import json
import logging
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.dispatch import receiver

from core.tasks import retried

from .purge import pages_purged

logger = logging.getLogger(__name__)

NGINX = "nginx"
CDN_BATCH = 30  # Cloudflare takes at most 30 addresses per call on most plans


class PurgeFailed(Exception):
    pass


def nginx_targets():
    return _as_list(getattr(settings, "NGINX_PURGE_URL", None))


def cdn_targets():
    return _as_list(getattr(settings, "CDN_PURGE_URLS", None))


def _as_list(value):
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


@receiver(pages_purged)
def purge_in_front(sender, urls, **kwargs):
    """Queue the purges of these addresses, one task per target (a target that fails is tried
    again alone). Never fails the change that sent them: `s-maxage` bounds what stays in front."""
    if not urls:
        return
    urls = sorted(set(urls))
    for target in [NGINX] * bool(nginx_targets()) + cdn_targets():
        try:
            purge_front.enqueue(target, urls)
        except Exception:  # noqa: BLE001 - the queue is away: s-maxage bounds the rest
            logger.exception("Could not queue the purge of %d addresses at %s", len(urls),
                             _label(target))


@retried
def purge_front(target, urls):
    """Purge `urls` (absolute addresses) in nginx (target "nginx": every NGINX_PURGE_URL) or at
    one CDN endpoint. Raises if any was not purged, so the task is tried again."""
    if target == NGINX:
        failures = [failure for base in nginx_targets() for failure in purge_nginx(base, urls)]
    else:
        failures = purge_cdn(target, urls)
    if failures:
        raise PurgeFailed(f"{len(failures)} of {len(urls)} purges failed at {_label(target)}: "
                          + "; ".join(failures[:3]))
    return f"{len(urls)} adresses purgées"


def nginx_requests(base, url):
    """The purge URLs of one address at nginx's purge locations: its gzipped and plain copies."""
    parts = urlsplit(url)
    address = f"{parts.scheme}/{parts.netloc}{quote(parts.path or '/')}"
    if parts.query:
        address += f"?{parts.query}"
    return [f"{base.rstrip('/')}/gzip/{address}", f"{base.rstrip('/')}/{address}"]


def purge_nginx(base, urls):
    failures = []
    with _Connections(settings.NGINX_PURGE_TIMEOUT) as connections:
        for url in urls:
            for target in nginx_requests(base, url):
                failures += connections.send("GET", target, {}, ok=(404,), label=url)
    return failures


def cdn_requests(endpoint, urls):
    """(method, URL, headers, body, the first address it purges) of every request purging
    `urls` at this endpoint."""
    headers = {}
    if settings.CDN_PURGE_TOKEN:
        headers[settings.CDN_PURGE_HEADER] = settings.CDN_PURGE_TOKEN
    if settings.CDN_PURGE_FORMAT == "json":
        headers["Content-Type"] = "application/json"
        for start in range(0, len(urls), CDN_BATCH):
            batch = list(urls[start:start + CDN_BATCH])
            yield "POST", endpoint, headers, json.dumps({"files": batch}).encode(), batch[0]
        return
    for url in urls:
        if "{url}" in endpoint:
            yield (settings.CDN_PURGE_METHOD, endpoint.replace("{url}", quote(url, safe="")),
                   headers, None, url)
        else:
            parts = urlsplit(url)
            target = endpoint.rstrip("/") + (parts.path or "/") + (
                f"?{parts.query}" if parts.query else "")
            yield settings.CDN_PURGE_METHOD, target, {**headers, "Host": parts.netloc}, None, url


def purge_cdn(endpoint, urls):
    failures = []
    with _Connections(settings.CDN_PURGE_TIMEOUT) as connections:
        for method, target, headers, body, url in cdn_requests(endpoint, urls):
            failures += connections.send(method, target, headers, body=body, ok=(404,),
                                         label=url)
    return failures


class _Connections:
    """Keep-alive HTTP(S) connections, one per origin, for the requests of one task run."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.open = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for connection in self.open.values():
            connection.close()

    def send(self, method, url, headers, body=None, ok=(), label=""):
        """[] when answered with a 2xx or a status in `ok`, else [a short reason]."""
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: once more
            connection = self._connection(parts)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                self.open.pop((parts.scheme, parts.netloc), None)
                if attempt == 2 or not isinstance(error, (http.client.RemoteDisconnected,
                                                          ConnectionResetError, BrokenPipeError)):
                    return [f"{label}: {error.__class__.__name__}: {error}"]
                continue
            if response.will_close:
                connection.close()
                self.open.pop((parts.scheme, parts.netloc), None)
            if 200 <= response.status < 300 or response.status in ok:
                return []
            return [f"{label}: HTTP {response.status}"]
        return []  # not reached

    def _connection(self, parts):
        key = (parts.scheme, parts.netloc)
        if key not in self.open:
            kind = http.client.HTTPSConnection if parts.scheme == "https" else (
                http.client.HTTPConnection)
            self.open[key] = kind(parts.hostname, parts.port, timeout=self.timeout)
        return self.open[key]


def _label(target):
    if target == NGINX:
        return "nginx"
    parts = urlsplit(target)
    return f"{parts.scheme}://{parts.netloc}"  # never a key that may sit in a query
