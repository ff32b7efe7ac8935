"""What a page or a fragment shows, as dependency keys ("article:12", "section-articles:3").

Apps register their kinds of keys (`register`) in their ready(), and say what a change touches
(`pagecache.generations.bump(*keys)`); templates and views say what they show:
`{% depends article=article.pk %}`, `{% fragment "name" ... shows article=article.pk %}`, or
`depends_on("ranking")` from Python. Declarations go to the innermost scope being rendered (a
fragment) and, when it closes, to the page around it, so a page depends on everything its
fragments show, whether they were rendered or came from the cache.

Time is a change too: `valid_until(when)` bounds a scope (comments that close at a given date),
and a kind registered with a `deadline` (the next scheduled publication) bounds every scope
that shows it.

Lists move often and show the same thing most of the time: a publication moves the lists of its
section and tags, and with them the related-articles block of every article in them, though
only a few of those blocks gain the new article. A part that shows lists can say so with a
witness (`witness(name, args, value, covers)`): `value` is what it shows of the lists `covers`
(the ids, in order), and the function registered under `name` computes it again from `args`.
A stored page none of whose counters moved but those lists is checked by its witnesses (one
query) instead of being drawn again (pagecache.store.revalidate).
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import LazyObject, empty

_KIND = re.compile(r"^[a-z][a-z-]*$")
_kinds = {}  # kind -> deadline name or None
_deadline_providers = {}  # deadline name -> callable returning epoch seconds or None
_witnesses = {}  # witness name -> callable(*args) returning what a part shows of some lists

_current = ContextVar("pagecache_scope", default=None)


def register(kind, *, deadline=None):
    """Declare a kind of dependency key. `deadline`: the name of a time-driven change that
    alters what such keys show (see register_deadline)."""
    if not _KIND.match(kind):
        raise ImproperlyConfigured(f"Invalid dependency kind {kind!r}")
    _kinds[kind] = deadline


def register_deadline(name, compute):
    """`compute()` returns when the next such change happens (epoch seconds, or None); it is
    called when the stored deadline has passed (pagecache.generations.set_deadline)."""
    _deadline_providers[name] = compute


def register_witness(name, compute):
    """`compute(*args)` says what a part shows of some lists, as it is now (see witness())."""
    _witnesses[name] = compute


def witness_provider(name):
    return _witnesses.get(name)


def is_kind(kind):
    return kind in _kinds


def key(kind, ident=None):
    """The key of one object of `kind` ("article:12"), or of the kind as a whole ("ranking")."""
    if kind not in _kinds:
        raise ImproperlyConfigured(f"Unknown dependency kind {kind!r} (pagecache.dependencies.register)")
    return kind if ident is None else f"{kind}:{ident}"


def keys_for(kind, value):
    """Keys for a template value: an id, a model instance, or an iterable of those; None for
    none. Ids, never slugs: a renamed object keeps its key."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    if value is None or value == "" or value is False:
        return []
    if value is True:
        return [key(kind)]
    if isinstance(value, (str, int)):
        return [key(kind, value)]
    if hasattr(value, "pk"):
        return [key(kind, value.pk)] if value.pk is not None else []
    return [k for item in value for k in keys_for(kind, item)]


def deadline_of(kind_key):
    return _kinds.get(kind_key.split(":", 1)[0])


def deadline_provider(name):
    return _deadline_providers.get(name)


class Scope:
    """The dependencies gathered while a page or a fragment renders."""

    __slots__ = ("parent", "keys", "known", "until", "deadlines", "storable", "snapshot",
                 "pending", "witnesses", "plain")

    def __init__(self, parent=None, snapshot=None):
        self.parent = parent
        # The page's: the counters when the request started, and the fragments to store.
        self.snapshot = snapshot if parent is None else parent.snapshot
        self.pending = [] if parent is None else parent.pending
        self.keys = set()  # keys whose counters are read when the scope is stored
        self.known = {}  # key -> counter value, from fragments that came from the cache
        self.until = None  # epoch seconds
        self.deadlines = set()
        self.storable = True
        self.witnesses = set()  # (name, args, value, covered keys), see witness()
        self.plain = set()  # keys shown without a witness: no witness may cover them here

    def add(self, keys, plain=True):
        for item in keys:
            self.keys.add(item)
            if plain:
                self.plain.add(item)
            deadline = deadline_of(item)
            if deadline:
                self.deadlines.add(deadline)

    def bound(self, when):
        if when is not None and (self.until is None or when < self.until):
            self.until = when

    def adopt(self, deps, until, deadlines=(), witnesses=()):
        """A stored fragment is used: its counters (as stored), its lifetime and its
        witnesses count here."""
        covered = set().union(*(covers for *_rest, covers in witnesses))
        for item, value in deps:
            self.known[item] = value
            if item not in covered:
                self.plain.add(item)
        self.bound(until)
        self.deadlines.update(deadlines)
        self.witnesses.update(witnesses)

    def merge_into(self, parent):
        parent.keys |= self.keys
        parent.known.update(self.known)
        parent.bound(self.until)
        parent.deadlines |= self.deadlines
        parent.witnesses |= self.witnesses
        parent.plain |= self.plain
        if not self.storable:
            parent.storable = False

    def all_keys(self):
        return self.keys | self.known.keys()

    def stored_witnesses(self):
        """The witnesses to store with this scope, each covering only the lists nothing else
        in it shows: a list also shown elsewhere on the page (a box of the section's latest
        articles beside the related ones) is never taken as unchanged by another part's
        witness."""
        found = []
        for name, args, value, covers in self.witnesses:
            covers = covers - self.plain
            if covers:
                found.append((name, args, value, frozenset(covers)))
        return tuple(sorted(found, key=repr))


def current():
    return _current.get()


@contextmanager
def scope():
    """A scope inside the current one (a fragment): what it gathers goes up when it closes."""
    parent = _current.get()
    child = Scope(parent)
    token = _current.set(child)
    try:
        yield child
    finally:
        _current.reset(token)
        if parent is not None:
            child.merge_into(parent)


@contextmanager
def page_scope(snapshot):
    """The outermost scope of a request the page cache may store."""
    page = Scope(snapshot=snapshot)
    token = _current.set(page)
    try:
        yield page
    finally:
        _current.reset(token)


def depends_on(*keys):
    """The page (or fragment) being rendered shows what these keys stand for."""
    current_scope = _current.get()
    if current_scope is not None:
        current_scope.add(keys)


def depends(**kinds):
    """depends_on() with values as templates give them: depends(article=article, tag=tags)."""
    depends_on(*(k for kind, value in kinds.items() for k in keys_for(kind, value)))


def witness(name, args, value, covers):
    """What is being rendered shows the lists `covers` (dependency keys, declared here, not in a
    `shows`) only as `value`, which the witness `name` (register_witness) computes from `args`:
    while it gives the same value, a move of those lists changes nothing here. `args` and
    `value` are stored with the page: plain values (ids, dates), compared with ==. A list that
    another part of the page shows without this witness is not covered (stored_witnesses)."""
    current_scope = _current.get()
    if current_scope is not None:
        covers = frozenset(covers)
        current_scope.add(covers, plain=False)
        current_scope.witnesses.add((name, tuple(args), value, covers))


def valid_until(when):
    """What is being rendered changes by itself at `when` (a datetime or epoch seconds)."""
    current_scope = _current.get()
    if current_scope is not None and when is not None:
        current_scope.bound(when.timestamp() if hasattr(when, "timestamp") else float(when))


def do_not_store():
    """What is being rendered is for this reader only: store neither it nor the page."""
    current_scope = _current.get()
    while current_scope is not None:
        current_scope.storable = False
        current_scope = current_scope.parent
