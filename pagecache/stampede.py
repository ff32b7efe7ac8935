"""One render at a time for each page: when many readers ask at once for a page that is not
stored (just after a change made it stale, or a deployment), one request draws it and the
others wait for it instead of all drawing the same page.

A request that misses a page claims its render in the shared cache: an `add` that expires by
itself, seen by every process and app server (nothing is held in one process's memory). The
others poll the claim, at most PAGE_CACHE_RENDER_WAIT_MS, and when it is released they take
the page from the shared cache, checked against the counters like any stored page: a request
that started after a change was committed never gets a page drawn before it.
- Nothing current was stored (a change committed while it was drawn): one of them claims the
  render in turn.
- The page cannot be kept (one reader's, an error page): the holder says so, and they all
  render at once (no queue behind a page nobody can store).
- The holder died or is still drawing when the wait is over: each renders itself, as without
  this, and releases the claim when done.
- No shared cache (Redis away): every request renders, as before. Never an error.
A hit never comes here: it costs nothing more.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import DatabaseError
from django.http import QueryDict

from .generations import counters
from .query import ALL_PARAMS
from .serve import lookup, page_base, query_values
from .store import hashed, params, render_version

logger = logging.getLogger(__name__)

RENDERING = "rendering"
UNCACHEABLE = "uncacheable"  # the holder drew a page nobody can store: do not wait for it
FIRST_PAUSE = 0.001  # seconds between two looks at the claim, growing to LONGEST_PAUSE
LONGEST_PAUSE = 0.05
# A sync worker that waits serves nobody else: it looks again soon after the render is likely
# over (a redraw takes a few milliseconds), overshooting it by a quarter at most.
GROWTH = 1.25


def wait_seconds():
    return settings.PAGE_CACHE_RENDER_WAIT_MS / 1000


def claim_key(meta):
    """The page's address and the values of the parameters it reads (all of them when this
    process does not know yet which it reads)."""
    base = page_base(meta)
    names = params.get(hashed(base)) or ALL_PARAMS
    query_string = meta.get("QUERY_STRING", "")
    return "pagecache:rendering:" + hashed(base, query_values(QueryDict(query_string), names))


class Claim:
    """This request draws the page; the others wait until `release()`."""

    def __init__(self, backend, key, version, seconds):
        self.backend, self.key, self.version, self.seconds = backend, key, version, seconds
        self.released = False

    def release(self, cacheable=True):
        """The render is over: the page is stored, or it is not and the next request to ask
        draws it (`cacheable`); or it is a page nobody can store, and whoever waits for it
        draws it at once."""
        if self.released:
            return
        self.released = True
        if cacheable:
            self.backend.delete(self.key, version=self.version)
        else:
            self.backend.set(self.key, UNCACHEABLE, timeout=self.seconds, version=self.version)


def wait_or_claim(meta, snapshot):
    """For a request that missed its page: (the page another request just stored for it,
    "hit" or "wait", None, snapshot), or (None, None, the claim of its render or None, the
    snapshot to render with)."""
    wait = wait_seconds()
    backend = caches[DEFAULT_CACHE_ALIAS]
    if (wait <= 0 or snapshot is None or not settings.PAGE_CACHE_SECONDS
            or not getattr(backend, "available", True)):
        return None, None, None, snapshot
    key, version = claim_key(meta), render_version()
    seconds = math.ceil(wait) + 1  # how long a dead holder's claim stays
    deadline = time.monotonic() + wait
    pause, slept = FIRST_PAUSE, 0.0  # (slept: the bound even where the clock is frozen, tests)
    while True:
        if _add(backend, key, seconds, version):
            claim = Claim(backend, key, version, seconds)
            # The page may have been stored between this request's lookup and its claim.
            entry, status = lookup(meta, snapshot, local=False)
            if entry is not None:
                claim.release()
                return entry, status, None, snapshot
            return None, None, claim, snapshot
        state = backend.get(key, version=version)
        while state == RENDERING:
            left = min(deadline - time.monotonic(), wait - slept)
            if left <= 0:
                # Dead or slow: drawn here too, and the claim released when done, so that
                # those who come next do not wait for a holder that may never answer.
                logger.warning("Page cache: waited %.1f s for %s to be drawn elsewhere; drawing it",
                            wait, meta.get("PATH_INFO"))
                return None, None, Claim(backend, key, version, seconds), snapshot
            time.sleep(min(pause, left))
            slept += min(pause, left)
            pause = min(pause * GROWTH, LONGEST_PAUSE)
            state = backend.get(key, version=version)
        if state == UNCACHEABLE:
            return None, None, None, snapshot
        # The render is over: the page it stored, if it may be served now (the counters
        # read again, so that what committed while this request waited counts).
        try:
            snapshot = counters.snapshot()
        except DatabaseError:
            pass
        entry, status = lookup(meta, snapshot, local=False)
        if entry is not None:
            return entry, "wait" if status == "hit" else status, None, snapshot
        left = min(deadline - time.monotonic(), wait - slept)
        if left <= 0 or not getattr(backend, "available", True):
            return None, None, None, snapshot
        time.sleep(min(pause, left))
        slept += min(pause, left)


def _add(backend, key, seconds, version):
    """cache.add(key, RENDERING): True for one caller only, in every process (Redis's add, or
    the project's file cache's, core.cache_backends.FileCache.add)."""
    return backend.add(key, RENDERING, timeout=seconds, version=version)
