"""Pages a newsroom change makes stale, drawn again by the change itself before it commits.

A publication moves the lists of its section, tags and authors, and with them every page that
shows one: the home page, the section's, the related-articles block and « suivant » of many
articles. Left to the readers, the first ones after the commit each draw one of them (or check
its witnesses), all at once: every worker busy for tens of milliseconds, and every other
reader waiting behind them.

So the change draws them: `redrawn_before_commit()` wraps the end of its transaction. The keys
it bumped name the pages it touches; those this process served lately (its copies, the most
recently used first, PAGE_CACHE_REDRAW_PAGES at most, for PAGE_CACHE_REDRAW_MS at most) are
drawn again, or revalidated by their witnesses, through the whole middleware stack as an
anonymous GET, inside the transaction: they show the change. What they would store is kept
aside (pagecache.store.staged) and stored once the transaction has committed, so a change that
rolls back leaves nothing under counters it never committed. The counters they read come from
the database, in the transaction, and stay out of the process's copy (counters.private), where
another request could take them before the commit. Readers before the commit keep the old
pages (their counters have not moved); readers after it find the new ones stored.

Whatever is not drawn here (over the budget, another server's pages, a page that failed) is
drawn by its next reader, as without this. Nothing here can fail the change: a page that
cannot be drawn is logged and skipped, its database work undone to a savepoint.
"""

import logging
import sys
import time
from contextlib import contextmanager
from io import BytesIO

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import translation
from django.utils.http import urlencode

from .generations import collecting, counters, is_collecting
from .serve import revalidated
from .store import Page, flush, pages, staged

logger = logging.getLogger(__name__)

# Set in the environ of a page drawn here: PageCacheMiddleware renders it at once (no claim).
REDRAWING = "pagecache.redrawing"

_handler = {"instance": None}


class RedrawFailed(Exception):
    pass


@contextmanager
def redrawn_before_commit(using=DEFAULT_DB_ALIAS):
    """Inside a transaction.atomic block, around what changes the data: when it ends without
    an error, the pages it made stale are drawn again (see the module docstring)."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block or not _enabled() or is_collecting():
        # (Inside another such block: its keys go to that one, which draws the pages once.)
        yield
        return
    staged_writes = _Staged()
    # Registered first, so it runs first once committed: before the purges of the change.
    transaction.on_commit(staged_writes.committed, using=using)
    with collecting() as keys:
        yield
    if keys:
        staged_writes.add(redraw(keys))


class _Staged:
    """The writes of the pages drawn, run once the transaction has committed."""

    def __init__(self):
        self.writes, self.done = [], False

    def committed(self):
        self.done = True
        flush(self.writes)

    def add(self, writes):
        if self.done:  # (on_commit ran at once: no transaction after all, or a test's stand-in)
            flush(writes)
        else:
            self.writes.extend(writes)


def _enabled():
    return bool(settings.PAGE_CACHE_SECONDS and settings.PAGE_CACHE_REDRAW_PAGES
                and settings.PAGE_CACHE_REDRAW_MS)


def stale_pages(keys):
    """This process's copies of pages that show one of these keys, most recently used first."""
    keys = set(keys)
    found = [(key, entry) for key, entry in pages.recent()
             if isinstance(entry, Page) and entry.origin and not keys.isdisjoint(entry.keys())]
    return found[:settings.PAGE_CACHE_REDRAW_PAGES]


def redraw(keys):
    """Draw again the stale pages of `keys`, in the current transaction; returns the writes
    kept aside (pagecache.store.staged) to run once it has committed."""
    stale = stale_pages(keys)
    if not stale:
        return []
    handler = _get_handler()
    deadline = time.monotonic() + settings.PAGE_CACHE_REDRAW_MS / 1000
    language = translation.get_language()
    try:
        with staged() as writes, counters.private():
            for key, entry in stale:
                if time.monotonic() >= deadline:
                    break
                kept = len(writes)
                try:
                    with transaction.atomic():
                        request = _request(entry)
                        # A page whose witnesses still agree is stored again as it is (what
                        # the middleware would do first, without the rest of the stack).
                        if entry.witnesses and revalidated(entry, counters.snapshot(), key,
                                                           _base(entry), None):
                            continue
                        response = handler.get_response(request)
                        if response.status_code >= 500:
                            raise RedrawFailed(response.status_code)
                except Exception:  # noqa: BLE001 - its next reader draws it
                    logger.warning("Page cache: could not draw %s again before the commit",
                                   entry.origin[3], exc_info=True)
                    del writes[kept:]
    finally:
        # The page's LocaleMiddleware left its own language active.
        if language:
            translation.activate(language)
        else:
            translation.deactivate()
    return writes


def _get_handler():
    """Django's middleware and views, without the WSGI layer: no request_started or
    request_finished signal, which would close the database connection mid-transaction."""
    if _handler["instance"] is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler["instance"] = handler
    return _handler["instance"]


def _base(entry):
    scheme, host, script_name, path_info = entry.origin
    return scheme, host, script_name + path_info


def _request(entry):
    """An anonymous GET of the stored page's address, with the parameters it reads."""
    scheme, host, script_name, path_info = entry.origin
    name, _colon, port = host.rpartition(":")
    if not name or not port.isdigit():
        name, port = host, "443" if scheme == "https" else "80"
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": urlencode([(key, value) for key, values in entry.param_values
                                   for value in values]),
        "HTTP_HOST": host,
        "SERVER_NAME": name,
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": scheme,
        "wsgi.input": BytesIO(b""),
        "wsgi.errors": sys.stderr,
        REDRAWING: True,
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if scheme == "https" and proxy_header:
        environ[proxy_header[0]] = proxy_header[1]
    return WSGIRequest(environ)
