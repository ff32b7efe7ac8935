"""The one code path that answers a request from the page cache.

The WSGI front door (pagecache.wsgi.FrontDoor) calls it before Django builds a request; the
middleware calls it for whatever reaches Django. A page is the same for every anonymous reader
(no token, no cookie, nothing per reader), so a hit is the stored bytes, gzipped once when
stored, behind the headers the whole stack added when it was rendered.
"""

import re
from types import SimpleNamespace

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.http.cookie import parse_cookie
from django.utils.cache import get_conditional_response

from . import purge, store
from .generations import counters
from .query import ALL_PARAMS
from .store import hashed, pages, params

_GZIP = re.compile(r"\bgzip\b")
logger = logging.getLogger(__name__)


def has_session(meta):
    header = meta.get("HTTP_COOKIE")
    return bool(header) and settings.SESSION_COOKIE_NAME in header and (
        settings.SESSION_COOKIE_NAME in parse_cookie(header))


def cacheable_request(meta):
    """GET or HEAD by anyone without a staff session, outside the admin, static and media."""
    return (
        meta.get("REQUEST_METHOD") in ("GET", "HEAD")
        and not meta.get("PATH_INFO", "/").startswith(tuple(settings.PAGE_CACHE_SKIP_PREFIXES))
        and not has_session(meta)
    )


def page_base(meta):
    """The page's address without its query: scheme, host and path."""
    scheme = meta.get("wsgi.url_scheme", "http")
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and meta.get(proxy_header[0], "").split(",")[0].strip() == proxy_header[1]:
        scheme = "https"
    host = meta.get("HTTP_HOST")
    if not host:  # as Django's HttpRequest.get_host() builds it
        host, port = meta.get("SERVER_NAME", ""), str(meta.get("SERVER_PORT", ""))
        if port and port != ("443" if scheme == "https" else "80"):
            host = f"{host}:{port}"
    return scheme, host, meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", "/")


def query_values(query, names):
    """The values of the parameters a page reads, in a stable order."""
    if names == ALL_PARAMS:
        return tuple(sorted((name, tuple(values)) for name, values in query.lists()))
    return tuple((name, tuple(query.getlist(name))) for name in sorted(names))


_EMPTY = QueryDict("")
_keys = {}  # (base, values) -> page key, and base -> its parameters' key: hashed once


def _memo(parts):
    key = _keys.get(parts)
    if key is None:
        if len(_keys) > 20_000:
            _keys.clear()
        key = _keys[parts] = hashed(*parts)
    return key


def page_key(base, values):
    return _memo((base, values))


def lookup(meta, snapshot=None, local=True, revalidate=False):
    """(the stored page for this request, "hit") if it may be served now, else (None, None).
    While the database does not answer, a page still current by the counters this process
    last knew is served, marked "stale" (nothing can change meanwhile; readers keep reading).

    This process's copy first; when it has none or it is no longer current, the shared cache's
    (another process may have stored the page again since). `local=False`: the shared cache's
    only (a request that waited for another one to render the page). `revalidate`: a page
    that only lists moved under is checked by its witnesses (store.revalidate, a query; the
    middleware asks for it, not the front door), and stored again if they agree, "revalidated"."""
    if not settings.PAGE_CACHE_SECONDS:
        return None, None
    base = page_base(meta)
    names_key = _memo((base,))
    names = params.get(names_key) if local else params.shared(names_key)
    if names is None:
        return None, None
    query_string = meta.get("QUERY_STRING", "")
    query = QueryDict(query_string) if query_string else _EMPTY
    key = page_key(base, query_values(query, names))
    if local:
        entry = pages.local(key)
        if entry is not None:
            found, snapshot = _current(entry, query, snapshot, base)
            if found is not None:
                return found
    entry = pages.shared(key)
    if entry is None:
        return None, None
    found, snapshot = _current(entry, query, snapshot, base)
    if found is None and revalidate and entry.witnesses and (
            query_values(query, entry.param_names) == entry.param_values):
        found = revalidated(entry, snapshot, key, base, query)
    return found or (None, None)


def revalidated(entry, snapshot, key, base, query):
    """(The entry stored again under the current counters, "revalidated") if its witnesses
    still agree (store.revalidate), else None."""
    try:
        entry = store.revalidate(entry, snapshot)
    except DatabaseError:
        return None
    if entry is None:
        return None
    pages.set_many({key: entry})
    purge.remember(base, query, entry)  # its addresses, deleted by the purge of the change
    return entry, "revalidated"


def _current(entry, query, snapshot, base):
    """((entry, status) or None, the snapshot read for it): whether this stored page may be
    served for this query now."""
    if query_values(query, entry.param_names) != entry.param_values:
        return None, snapshot
    try:
        snapshot = snapshot or counters.snapshot()
        if entry.is_valid(snapshot):
            return (entry, "hit"), snapshot
    except DatabaseError:
        if entry.is_valid_offline():
            logger.warning("Page cache: database unreachable, serving %s as last known", base[2])
            return (entry, "stale"), snapshot
    return None, snapshot


def accepts_gzip(meta):
    return bool(_GZIP.search(meta.get("HTTP_ACCEPT_ENCODING", "")))


def respond(entry, meta, status="hit"):
    """An HttpResponse for a stored page: 304 when the reader's copy is current, gzipped when
    they accept it."""
    gzip = accepts_gzip(meta)
    body = entry.gzipped if gzip else entry.body
    response = HttpResponse(b"" if meta.get("REQUEST_METHOD") == "HEAD" else body,
                            headers=entry.headers)
    response["Content-Length"] = str(len(body))
    if gzip:
        response["Content-Encoding"] = "gzip"
        response["ETag"] = "W/" + entry.etag  # as GZipMiddleware marks a compressed copy
    response["X-Page-Cache"] = status
    if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
        request = SimpleNamespace(META=meta, method=meta.get("REQUEST_METHOD"))
        response = get_conditional_response(request, etag=response["ETag"],
                                            last_modified=entry.last_modified, response=response)
    return response

