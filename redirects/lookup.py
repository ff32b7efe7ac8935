"""Finding the redirect for a request: one indexed query per address, kept in Django's cache
under the "redirects" counter (pagecache.store.memoize), so a change is seen at once and an
address asked again costs no query.

Old addresses with a query string are few and sit on few paths (WordPress: `/?p=…`,
`/?page_id=…`). Which paths have them, and which parameters they use, is kept in each process
under the "query-redirects" counter: a page whose path has none pays a dictionary lookup.
"""

import logging
import threading

from django.db import DatabaseError
from django.db.models import F
from django.utils import timezone

from pagecache.generations import EPOCH_KEY, counters
from pagecache.store import memoize, staging

from .models import QUERY_KEY, REDIRECTS_KEY, Redirect
from .paths import query_of, split_old_path

logger = logging.getLogger(__name__)

_query_paths = {"value": None, "paths": {}}
_lock = threading.Lock()


def _load_query_paths():
    paths = {}
    query_paths = (Redirect.objects.filter(old_path__contains="?").order_by()
                   .values_list("old_path", flat=True))
    for old_path in query_paths:
        path, names = split_old_path(old_path)
        paths.setdefault(path, set()).add(names)
    # Most specific first: /?p=1&preview=true before /?p=1.
    return {path: tuple(sorted(sets, key=lambda names: (-len(names), sorted(names))))
            for path, sets in paths.items()}


def forget():
    """Drop this process's copy (tests, whose rolled-back counters go back to earlier values)."""
    with _lock:
        _query_paths.update(value=None, paths={})


def query_paths_known():
    """Whether this process has learnt which paths have query-string redirects (then checking
    one before the view reads nothing from the database, but for a change)."""
    return _query_paths["value"] is not None


def query_parameters(path):
    """The sets of parameter names old addresses with a query use at this path; () if none."""
    values = counters.get([QUERY_KEY, EPOCH_KEY])
    # With the epoch: counters start again from 0 in a database restored or recreated.
    value = (values[EPOCH_KEY] or counters.epoch(), values[QUERY_KEY])
    if _query_paths["value"] != value:
        paths = memoize("redirects:query-paths", [QUERY_KEY], _load_query_paths)
        if staging():  # read in a transaction not committed yet (pagecache.prerender)
            return paths.get(path, ())
        with _lock:
            _query_paths.update(value=value, paths=paths)
    return _query_paths["paths"].get(path, ())


def _find(candidates):
    found = (Redirect.objects.filter(old_path__in=candidates).order_by()
             .values_list("old_path", "pk", "new_path"))
    by_path = {old_path: (pk, new_path) for old_path, pk, new_path in found}
    return next((by_path[path] for path in candidates if path in by_path), None)


def _storable(address):
    """No stored address holds a NUL (PostgreSQL text cannot): such a request has no redirect,
    and asking the database would fail."""
    return "\x00" not in address


def find(path):
    """(id, new address) of the redirect from this path, or None."""
    if not _storable(path):
        return None
    return memoize(f"redirects:path:{path}", [REDIRECTS_KEY], lambda: _find([path]))


def find_with_query(path, query, parameter_sets):
    """(id, new address) of the redirect from this path with these parameters (a QueryDict),
    the most specific first; other parameters (utm_source…) do not matter."""
    candidates = [f"{path}?{query_of((name, query[name]) for name in names)}"
                  for names in parameter_sets if all(name in query for name in names)]
    if not candidates or not all(_storable(candidate) for candidate in candidates):
        return None
    return memoize(f"redirects:query:{'|'.join(candidates)}", [REDIRECTS_KEY],
                   lambda: _find(candidates))


def count_hit(pk):
    """One more visit, counted by the database (no lost update between workers)."""
    try:
        Redirect.objects.filter(pk=pk).update(hits=F("hits") + 1, last_hit_at=timezone.now())
    except DatabaseError:  # a visit not counted is no reason to fail the reader
        logger.exception("Redirects: could not count a visit of redirect %s", pk)
