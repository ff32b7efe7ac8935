"""PageCacheMiddleware: first in MIDDLEWARE. Serves stored pages (pagecache.serve), and renders
the others while recording what they show, then stores the page and its new fragments.

Every anonymous reader gets the same bytes: pages carry no token and set no cookie, so they go
out `public, max-age=0, s-maxage=CDN_MAX_AGE` for nginx or a CDN to keep as well, without
`Vary: Cookie` (the language is in the URL). Staff (a session cookie) always get a fresh
page, `private, no-store`.
"""

import gzip
import hashlib
import time

from django.conf import settings
from django.db import DatabaseError
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag

from . import dependencies, prerender, purge, stampede
from .generations import counters
from .query import ALL_PARAMS, track
from .serve import cacheable_request, has_session, lookup, page_base, page_key, query_values, respond
from .store import Fragment, Page, fragments, freeze, hashed, pages, params, preload

# Headers a stored page keeps (everything the stack added except what is per response).
_DROPPED_HEADERS = {"content-length", "content-encoding", "date", "set-cookie", "x-page-cache"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        meta = request.META
        if not cacheable_request(meta):
            # For the request's log line (core.request_log), which reads hits and misses from
            # X-Page-Cache: this one never asked the page cache.
            meta["pagecache.status"] = "bypass"
            response = self.get_response(request)
            if has_session(meta) and not request.path_info.startswith(
                    tuple(settings.PAGE_CACHE_SKIP_PREFIXES)):
                # Staff see drafts, messages and their own state: never kept by anyone.
                patch_cache_control(response, private=True, no_store=True)
            return response
        request.get_host()  # refuses a Host outside ALLOWED_HOSTS (400) before any lookup
        try:
            snapshot = counters.snapshot()
        except DatabaseError:
            snapshot = None  # the database is away: what is stored may still be served
        entry, status = lookup(meta, snapshot, revalidate=True)
        if entry is not None:
            return respond(entry, meta, status)
        if meta.get(prerender.REDRAWING):
            # Drawn by the change that made it stale, before it commits: no reader can be
            # drawing this version yet, and the change's transaction must not wait for one.
            return self.render(request, snapshot)
        # Missed: drawn here, unless another request is drawing it already (pagecache.stampede).
        entry, status, claim, snapshot = stampede.wait_or_claim(meta, snapshot)
        if entry is not None:
            return respond(entry, meta, status)
        if claim is None:
            return self.render(request, snapshot)
        try:
            return self.render(request, snapshot, claim)
        finally:
            claim.release()  # (if render() did not: an exception)

    def render(self, request, snapshot, claim=None):
        meta = request.META
        query = track(request)
        # Rendered uncompressed (GZipMiddleware below sees no Accept-Encoding): the stored copy
        # is compressed once, for every reader.
        accept_encoding = meta.pop("HTTP_ACCEPT_ENCODING", None)
        try:
            with dependencies.page_scope(snapshot) as page:
                response = self.get_response(request)
        finally:
            if accept_encoding is not None:
                meta["HTTP_ACCEPT_ENCODING"] = accept_encoding
        if page.storable and (page.pending or settings.PAGE_CACHE_SECONDS):
            preload([page, *(scope for _key, _html, scope in page.pending)], snapshot)
        store_fragments(page, snapshot)
        if not shareable(response):
            if claim is not None:
                claim.release(cacheable=False)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, no_cache=True)
            return self.compress(request, response)
        patch_cache_control(response, public=True, max_age=0, s_maxage=settings.CDN_MAX_AGE,
                            stale_while_revalidate=settings.CDN_STALE_WHILE_REVALIDATE)
        patch_vary_headers(response, ("Accept-Encoding",))
        entry = self.store(meta, query, page, snapshot, response)
        if claim is not None:
            # Not stored but storable: something it shows changed while it was drawn.
            claim.release(cacheable=entry is not None or page.storable)
        if entry is not None:
            return respond(entry, meta, status="miss")
        return self.compress(request, response)

    def store(self, meta, query, page, snapshot, response):
        if not settings.PAGE_CACHE_SECONDS:
            return None
        frozen = freeze(page, snapshot)
        if frozen is None:
            return None
        deps, until = frozen
        body = response.content
        response["ETag"] = quote_etag(hashlib.md5(body, usedforsecurity=False).hexdigest())
        last_modified = int(time.time())
        response["Last-Modified"] = http_date(last_modified)
        names = query.names()
        base = page_base(meta)
        values = query_values(query, names)
        entry = Page(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            headers=[(name, value) for name, value in response.items()
                     if name.lower() not in _DROPPED_HEADERS],
            etag=response["ETag"], last_modified=last_modified,
            param_names=names, param_values=values, deps=deps, until=until,
            witnesses=page.stored_witnesses(),
            origin=(base[0], base[1], meta.get("SCRIPT_NAME", ""), meta.get("PATH_INFO", "/")),
        )
        known = params.get(hashed(base))
        if known is not None and names != ALL_PARAMS:
            names = ALL_PARAMS if known == ALL_PARAMS else frozenset(known | names)
        pages.set_many({page_key(base, values): entry})
        if names != known:
            params.set_many({hashed(base): names})
        purge.remember(base, query, entry)
        return entry

    def compress(self, request, response):
        if response.status_code == 304 or "HTTP_ACCEPT_ENCODING" not in request.META:
            return response
        return self.gzip.process_response(request, response)


def shareable(response):
    """A response every anonymous reader may get from any cache: a 200 that sets no cookie,
    varies on nothing but the encoding, and was not marked private by its view."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"accept-encoding"}


def store_fragments(page, snapshot):
    """The fragments rendered for this request, each stored if nothing it shows moved while
    the page was rendered."""
    if not page.pending or not settings.FRAGMENT_CACHE_SECONDS:
        return
    entries = {}
    for cache_key, html, scope in page.pending:
        frozen = freeze(scope, snapshot)
        if frozen is not None:
            deps, until = frozen
            entries[cache_key] = Fragment(html, deps, until, tuple(sorted(scope.deadlines)),
                                          scope.stored_witnesses())
    fragments.set_many(entries)
