"""Reads on read replicas, when DATABASE_REPLICA_URL names some (README "Performance and
deployment"; the aliases are made in settings.py).

A replica lags behind the primary, so only reads that may be a moment old go there. A read
goes to the primary ("default"):

- outside a request (management commands, the shell, the daily job, tests between requests);
- in a request that is not a GET or HEAD (a vote, a comment, a login, an admin save);
- in a request carrying the session cookie (staff in the newsroom) or the reader cookie (someone
  who voted or commented asks for their own vote and pending comment, ratings/reader.py);
- inside an atomic block on the primary;
- for the rest of a request once it has written anything (db_for_write pins it);
- for REPLICA_CATCH_UP_SECONDS after any change (the page cache's counters say when the last
  one was, pagecache/generations.py): a reader who asks right after a change must get it, and
  this process learns of a change and of its time from the same notification, so there is no
  moment where a page rendered from a lagging replica could be stored under the new counters.

Everything else, in practice anonymous readers' GET requests, reads from one replica, drawn at
the start of the request so a page never mixes two replicas' states.

The state lives in context variables, one per thread under WSGI, set by request_started and
request_finished (connected by connect_signals from MagazineConfig.ready): no middleware is
needed. Under ASGI Django runs signal receivers in tasks of their own, whose context the request
never sees: every read then stays on the primary (safe; the replicas just get no traffic).
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections
from django.http.cookie import parse_cookie

from pagecache.generations import counters

ROUTER = "magazine.db_router.ReplicaRouter"
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})

# True: reads go to the primary. Outside a request they always do.
_primary_only = ContextVar("magazine_db_primary_only", default=True)
# The replica this request reads from (None: none configured, or outside a request).
_replica = ContextVar("magazine_db_replica", default=None)


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def pinning_cookies():
    """Cookies whose holder must read their own writes."""
    return {settings.SESSION_COOKIE_NAME, settings.READER_COOKIE_NAME}


def pin_primary():
    """Every further read of this request (or, outside a request, of this thread) goes to the
    primary. db_for_write calls it; code about to cache what it reads may call it too."""
    _primary_only.set(True)


def reads_from_primary():
    return _primary_only.get()


def start_request(environ=None, **kwargs):
    """request_started receiver (WSGI and Django's test client pass `environ`): decide where
    this request reads from."""
    environ = environ or {}  # not WSGI: read from the primary, as for a POST
    method = environ.get("REQUEST_METHOD", "POST").upper()
    cookie_header = environ.get("HTTP_COOKIE", "")
    replicas = replica_aliases()
    pinned = (
        not replicas
        or method not in READ_ONLY_METHODS
        or (cookie_header and not pinning_cookies().isdisjoint(parse_cookie(cookie_header)))
        or replicas_catching_up()
    )
    _primary_only.set(bool(pinned))
    _replica.set(None if pinned else random.choice(replicas))


def replicas_catching_up():
    """True for REPLICA_CATCH_UP_SECONDS after any change, by any process."""
    return counters.last_change_age() < settings.REPLICA_CATCH_UP_SECONDS


def end_request(**kwargs):
    """request_finished receiver: whatever runs after the response reads from the primary."""
    _primary_only.set(True)
    _replica.set(None)


def connect_signals():
    """Connected only when the router is configured: without replicas nothing runs per request."""
    if ROUTER in settings.DATABASE_ROUTERS:
        request_started.connect(start_request, dispatch_uid="magazine.db_router.start")
        request_finished.connect(end_request, dispatch_uid="magazine.db_router.end")


class ReplicaRouter:
    """Writes and migrations on the primary, reads on a replica when they may lag (see above)."""

    def db_for_read(self, model, **hints):
        if _primary_only.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return _replica.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        pin_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: an object read from one may point to one read
        # from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
