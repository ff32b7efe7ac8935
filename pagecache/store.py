"""Where rendered pages and fragments are kept, and when a kept one may be used.

Two levels: a copy in each process of the most used (PAGE_CACHE_LOCAL_COPIES pages,
FRAGMENT_CACHE_LOCAL_COPIES fragments) and Django's cache, shared by every worker (Redis, or
files on one machine). Whatever level it comes from, an entry is used only while the counters
of everything it shows are those it was stored under, and its time has not run out
(`Entry.is_valid`): the per-process copies cannot serve anything the shared cache would not.

Keys carry a version (Django's cache key versioning): a fingerprint of the settings, of the
code and templates, and of the libraries, so a deployment or a configuration change never
serves what the previous one rendered.
"""

import hashlib
import json
import logging
import os
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import receiver
from django.utils import translation

from . import dependencies
from .generations import DEADLINE_PREFIX, EPOCH_KEY, counters, replace_deadline, scoped

logger = logging.getLogger(__name__)


class Entry:
    """A stored fragment or page: what it shows (counter values) and until when."""

    __slots__ = ("deps", "until")

    def is_valid(self, snapshot, now=None):
        if self.until is not None and (now or time.time()) >= self.until:
            return False
        return counters.match(self.deps, snapshot)

    def is_valid_offline(self, now=None):
        """The database is away: valid against the counters this process last knew."""
        if self.until is not None and (now or time.time()) >= self.until:
            return False
        values = counters.offline([key for key, _value in self.deps])
        return values is not None and all(values[key] == value for key, value in self.deps)

    def keys(self):
        return [key for key, _value in self.deps]


class Fragment(Entry):
    __slots__ = ("html", "deadlines", "witnesses")

    def __init__(self, html, deps, until, deadlines, witnesses=()):
        self.html, self.deps, self.until, self.deadlines = html, deps, until, deadlines
        self.witnesses = witnesses

    def __getstate__(self):
        return (self.html, self.deps, self.until, self.deadlines, self.witnesses)

    def __setstate__(self, state):
        self.html, self.deps, self.until, self.deadlines, self.witnesses = state

    def restamped(self, deps, until):
        """The same fragment, current under these counters (see revalidate())."""
        return Fragment(self.html, deps, until, self.deadlines, self.witnesses)


class Page(Entry):
    """`param_names`: the query parameters the page read ("*": all of them), `param_values`
    their values when it was rendered (absent ones as ()). `origin`: where it was asked for
    (scheme, host, script name, path), to draw it again (pagecache.prerender)."""

    __slots__ = ("body", "gzipped", "headers", "etag", "last_modified", "param_names",
                 "param_values", "witnesses", "origin", "_wsgi")

    def __init__(self, body, gzipped, headers, etag, last_modified, param_names, param_values,
                 deps, until, witnesses=(), origin=None):
        self.body, self.gzipped, self.headers = body, gzipped, headers
        self.etag, self.last_modified = etag, last_modified
        self.param_names, self.param_values = param_names, param_values
        self.deps, self.until, self.witnesses = deps, until, witnesses
        self.origin = origin

    def __getstate__(self):
        return (self.body, self.gzipped, self.headers, self.etag, self.last_modified,
                self.param_names, self.param_values, self.deps, self.until, self.witnesses,
                self.origin)

    def __setstate__(self, state):
        (self.body, self.gzipped, self.headers, self.etag, self.last_modified,
         self.param_names, self.param_values, self.deps, self.until, self.witnesses,
         self.origin) = state

    def restamped(self, deps, until):
        """The same page, current under these counters (see revalidate())."""
        return Page(self.body, self.gzipped, self.headers, self.etag, self.last_modified,
                    self.param_names, self.param_values, deps, until, self.witnesses,
                    self.origin)

    def wsgi_headers(self, gzip):
        """The response headers of a hit (made once per process and entry): the front door
        answers most requests with these and the stored bytes."""
        try:
            return self._wsgi[gzip]
        except (AttributeError, TypeError):
            pass
        answers = {}
        for zipped in (False, True):
            body = self.gzipped if zipped else self.body
            headers = [(name, "W/" + value if zipped and name == "ETag" else value)
                       for name, value in self.headers]
            headers += [("Content-Length", str(len(body))), ("X-Page-Cache", "hit")]
            if zipped:
                headers.append(("Content-Encoding", "gzip"))
            answers[zipped] = headers
        self._wsgi = answers
        return answers[gzip]


class Store:
    """Django's cache behind a per-process least-recently-used copy."""

    def __init__(self, prefix, local_setting, timeout_setting):
        self.prefix = prefix
        self.local_setting = local_setting
        self.timeout_setting = timeout_setting
        self.copies = OrderedDict()
        self.lock = threading.Lock()

    def _key(self, key):
        return f"pagecache:{self.prefix}:{key}"

    def get(self, key):
        found = self.local(key)
        return found if found is not None else self.shared(key)

    def local(self, key):
        """This process's copy, or None."""
        local_key = (render_version(), key)
        with self.lock:
            found = self.copies.get(local_key)
            if found is not None:
                self.copies.move_to_end(local_key)
            return found

    def shared(self, key):
        """The shared cache's entry (another process may have stored a newer one than this
        process's copy), which then replaces the copy; None, and no copy, if it has none."""
        version = render_version()
        local_key = (version, key)
        found = cache.get(self._key(key), version=version)
        if found is not None:
            self._keep(local_key, found)
        else:
            with self.lock:
                self.copies.pop(local_key, None)
        return found

    def set_many(self, entries):
        if not entries:
            return
        if staging():
            later(lambda: self.set_many(entries))
            return
        version = render_version()
        for key, entry in entries.items():
            self._keep((version, key), entry)
        cache.set_many({self._key(key): entry for key, entry in entries.items()},
                       timeout=getattr(settings, self.timeout_setting), version=version)

    def _keep(self, local_key, entry):
        size = getattr(settings, self.local_setting)
        if not size:
            return
        with self.lock:
            self.copies[local_key] = entry
            self.copies.move_to_end(local_key)
            while len(self.copies) > size:
                self.copies.popitem(last=False)

    def clear_local(self):
        with self.lock:
            self.copies.clear()

    def recent(self):
        """This process's copies made under the current version, the most recently used first:
        (key, entry) pairs."""
        version = render_version()
        with self.lock:
            return [(key, entry) for (entry_version, key), entry in reversed(self.copies.items())
                    if entry_version == version]


# -- writes kept aside -------------------------------------------------------------------------

_staging = threading.local()


@contextmanager
def staged():
    """Within this block, what this thread would write to the shared cache and its own copies
    (pages, fragments, memoized values) is kept aside instead, in the list it yields, as
    callables to run later (flush()). For pages drawn inside a transaction that has not
    committed (pagecache.prerender): stored under counters that may never commit, they could
    match a later change that moves the same counters to the same values."""
    with scoped(_staging, "writes", []) as (writes, _outer):
        yield writes


def staging():
    return getattr(_staging, "writes", None) is not None


def later(write):
    """Run this write to the caches now, or keep it aside within staged()."""
    writes = getattr(_staging, "writes", None)
    if writes is None:
        write()
    else:
        writes.append(write)


def flush(writes):
    """Run the writes staged() kept aside; one that fails (the cache away) loses only itself."""
    for write in writes:
        try:
            write()
        except Exception:  # noqa: BLE001 - a page not stored is drawn again by its next reader
            logger.warning("Page cache: could not store what was drawn before a commit", exc_info=True)


pages = Store("page", "PAGE_CACHE_LOCAL_COPIES", "PAGE_CACHE_SECONDS")
fragments = Store("fragment", "FRAGMENT_CACHE_LOCAL_COPIES", "FRAGMENT_CACHE_SECONDS")
# Which query parameters a page reads (path -> names): only those make another cached page.
params = Store("params", "PAGE_CACHE_LOCAL_COPIES", "PAGE_CACHE_SECONDS")


def hashed(*parts):
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


def preload(scopes, snapshot):
    """Read, in one query, every counter these scopes show that this process does not have."""
    keys = {EPOCH_KEY}
    for scope in scopes:
        keys |= scope.all_keys()
        keys |= {DEADLINE_PREFIX + name for name in scope.deadlines}
    counters.get(sorted(keys), snapshot)


def freeze(scope, snapshot):
    """(deps, until) to store a rendered scope under, or None when it must not be stored: it
    is for one reader, a counter it shows moved while it rendered, or its time is up."""
    if not scope.storable or snapshot is None:
        return None
    counters.epoch()  # exists before anything is stored under it
    keys = scope.all_keys() | {EPOCH_KEY}
    values = counters.get(sorted(keys), snapshot)
    if any(values[key] != value for key, value in scope.known.items()):
        return None
    # (The deadlines too: read below from this process's copy, they must not have moved
    # while it rendered either.)
    if not counters.stable(snapshot, keys | {DEADLINE_PREFIX + name for name in scope.deadlines}):
        return None
    until = scope.until
    for name in scope.deadlines:
        when = deadline(name, snapshot)
        if when is not None and (until is None or when < until):
            until = when
    if until is not None and until <= time.time():
        return None
    return tuple(sorted(values.items())), until


def revalidate(entry, snapshot):
    """A stored page or fragment that is no longer current only because lists moved that its witnesses
    cover (dependencies.witness), and whose witnesses still give what they gave when it was
    drawn: the same entry under the counters as they are now, to store and use; else None.

    The counters are read before the witnesses read the data, so the page is never stored
    under counters newer than what it shows. The deadlines of what it shows bound it again: a
    list that moved may have gained an article scheduled for later, not shown yet."""
    if not entry.witnesses or snapshot is None:
        return None
    now = time.time()
    if entry.until is not None and now >= entry.until:
        return None
    values = counters.get(entry.keys(), snapshot)
    moved = {key for key, value in entry.deps if values[key] != value}
    used = [item for item in entry.witnesses if item[3] & moved]
    if not moved or moved - set().union(*(covers for *_rest, covers in used)):
        return None
    with _on_the_primary():
        for name, args, value, covers in used:
            if _witnessed(snapshot, name, args, {key: values[key] for key in covers}) != value:
                return None
    until = entry.until
    for name in {dependencies.deadline_of(key) for key in values} - {None}:
        when = deadline(name, snapshot)
        if when is not None and (until is None or when < until):
            until = when
    if until is not None and until <= now:
        return None
    return entry.restamped(tuple(sorted(values.items())), until)


_UNKNOWN = object()


def _witnessed(snapshot, name, args, seen):
    """What the witness `name` gives now for `args`. A page whose block changed is checked
    twice in its request, the page and then the block's fragment: the second check takes the
    first one's answer while the counters of the lists it covers are still those read before
    it was computed (`seen`), as they were when that answer was right."""
    known = snapshot.witnessed.get((name, args))
    if known is not None and known[0] == seen:
        return known[1]
    compute = dependencies.witness_provider(name)
    result = compute(*args) if compute is not None else _UNKNOWN
    snapshot.witnessed[(name, args)] = (seen, result)
    return result


def _on_the_primary():
    """Where a witness reads: the primary. A replica may be behind the counters just read, and
    would vouch for a list without the change; the replica router reads on the primary inside
    an atomic block. With no other database there is nothing to avoid, and no transaction to
    open: on SQLite it would take the write lock (BEGIN IMMEDIATE), and every reader's check
    would wait for a publication's transaction to end."""
    if set(settings.DATABASES) == {DEFAULT_DB_ALIAS}:
        return nullcontext()
    return transaction.atomic(using=DEFAULT_DB_ALIAS)


def deadline(name, snapshot=None):
    """When the deadline `name` falls next (epoch seconds), None if nothing is due. A deadline
    that has passed, or was never computed, is computed again and stored for every process."""
    stored_ms = counters.get([DEADLINE_PREFIX + name], snapshot)[DEADLINE_PREFIX + name]
    if stored_ms < 0:
        return None
    if stored_ms and stored_ms / 1000 > time.time():
        return stored_ms / 1000
    compute = dependencies.deadline_provider(name)
    when = compute() if compute is not None else None
    replace_deadline(name, stored_ms, when)
    return when


def memoize(name, keys, compute):
    """A value computed once per state of the counters of `keys` (and until the deadlines
    their kinds are tied to), shared by every process: e.g. where the search window starts.
    The counters are read before `compute()` reads the data, so a value is never older than
    the counters it is stored under."""
    deadlines = {dependencies.deadline_of(k) for k in keys} - {None}
    deadline_keys = {DEADLINE_PREFIX + name_ for name_ in deadlines}
    values = counters.get(sorted({*keys, EPOCH_KEY, *deadline_keys}))  # one query at most
    version = render_version()
    key = "pagecache:value:" + hashed(name, sorted(
        (k, v) for k, v in values.items() if k not in deadline_keys))
    found = cache.get(key, version=version)
    now = time.time()
    if found is not None and (found[1] is None or now < found[1]):
        return found[0]
    value = compute()
    until = None
    for name_ in deadlines:
        when = deadline(name_)
        if when is not None and (until is None or when < until):
            until = when
    later(lambda: cache.set(key, (value, until), timeout=86400, version=version))
    return value


# -- the version of every key ----------------------------------------------------------------

_version = {"value": None, "checked": 0.0}
_version_lock = threading.Lock()


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _version["value"] = None


def render_version():
    """Changes with the settings, the code, the templates and the installed libraries."""
    value = _version["value"]
    if value is not None and not (settings.DEBUG and time.monotonic() - _version["checked"] > 1):
        return value
    with _version_lock:
        value = hashed(_settings_fingerprint(), _code_fingerprint(quick=settings.DEBUG))[:16]
        _version["value"], _version["checked"] = value, time.monotonic()
    return value


def _settings_fingerprint():
    with translation.override(settings.LANGUAGE_CODE):
        values = {}
        for name in dir(settings):
            if name.isupper():
                values[name] = _plain(getattr(settings, name))
        return json.dumps(values, sort_keys=True, default=_plain)


def _plain(value):
    kind = type(value)  # not isinstance: lazy objects pass for what they wrap
    if kind in (str, int, float, bool, type(None)):
        return value
    if kind is dict:
        return {str(k): _plain(v) for k, v in value.items()}
    if kind in (list, tuple, set, frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    try:
        text = "%s" % (value,)
    except Exception:  # noqa: BLE001 - an object that cannot say what it is
        return type(value).__name__
    return type(value).__name__ if " at 0x" in text else text


_code = {}


def _code_fingerprint(quick=False):
    """The project's own Python files and templates (content in production, modification
    times in development), and the pinned library versions."""
    key = "quick" if quick else "full"
    if key in _code and not quick:
        return _code[key]
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if not d.startswith(".") and d not in ("node_modules", "media",
                                                                          "staticfiles", "tests",
                                                                          "__pycache__", "backups"))
        for name in sorted(files):
            if name.endswith((".py", ".html", ".txt", ".xml", ".mo")) or name == "requirements.lock":
                path = os.path.join(directory, name)
                try:
                    if quick:
                        stat = os.stat(path)
                        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
                    else:
                        with open(path, "rb") as handle:
                            digest.update(path.removeprefix(str(root)).encode())
                            digest.update(handle.read())
                except OSError:
                    continue
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"  # hashed static file names
    if manifest.exists():
        digest.update(manifest.read_bytes())
    _code[key] = digest.hexdigest()
    return _code[key]
