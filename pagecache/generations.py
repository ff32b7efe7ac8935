"""Generation counters: moved with the change they stand for, read from an exact per-process copy.

Writing. `bump(*keys)` increments the counters of the dependency keys a change touches, in the
database, in the transaction that makes the change (one upsert). Whoever changed what (the
admin, a vote, a task, `manage.py shell`), whether the cache answers or not, the counter and
the change commit together or not at all: an invalidation cannot be lost.

Reading. Every page or fragment served from a cache is first checked against these counters,
so each process keeps a copy of the ones it has needed, kept exact without a round trip:
- SQLite (one machine): `PRAGMA data_version` changes when another connection commits; the copy
  is dropped then, and reloaded in one query when next needed;
- PostgreSQL: `bump()` sends the new values with `pg_notify` in the same transaction, delivered
  at commit to a LISTEN connection of each process, which applies them at the start of every
  request (a non-blocking read). Every RECONCILE_SECONDS each process also reads the counters
  changed recently, so a lost notification heals by itself; if the LISTEN connection breaks,
  the copy is dropped and counters are read from the database on each request until it is back.

Consistency of what gets stored: a page or fragment is stored with the counters it depends on
only if none of them moved while it was rendered (`Snapshot.stable`), so no rendering of old
data is ever stored under a new counter. (SQLite: if nothing at all committed meanwhile, at the
cost of one PRAGMA; otherwise one indexed query asks whether any of its counters moved after
the last change the snapshot knew of, so a commit elsewhere does not throw the render away.)
"""

import logging
import os
import random
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.dispatch import Signal

from .models import Generation

logger = logging.getLogger(__name__)

CHANNEL = "pagecache"
# A notification longer than this asks every process to drop its copy instead (PostgreSQL
# refuses payloads of 8000 bytes and more).
MAX_PAYLOAD = 7000
RECONCILE_SECONDS = 2.0
RECONNECT_SECONDS = 1.0
# A counter read from the database during a render is trusted for storing only if it last
# moved this long before the render started (clocks of app servers may differ a little).
MARGIN_MS = 2000
MAX_LOCAL_KEYS = 200_000
DEADLINE_PREFIX = "deadline:"
EPOCH_KEY = "epoch"
SEQUENCE_KEY = "sequence"  # SQLite only, see bump()
_BATCH = 400

# Sent once a transaction that bumped counters has committed (keys: the bumped keys).
generations_changed = Signal()


def _table():
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(Generation._meta.db_table)


def _now_ms():
    return int(time.time() * 1000)


def _is_postgresql():
    return connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


_deferral = threading.local()


class deferred_bumps:
    """Within this block, bump() only collects its keys; leaving it bumps them all at once.

    For batch work (an import of thousands of articles): one invalidation and one purge at the
    end instead of one per item. Pages rendered meanwhile may show the batch half done, as
    they would show any change in progress; the final bump makes every one of them stale."""

    def __enter__(self):
        self.outer = getattr(_deferral, "keys", None)
        if self.outer is None:
            _deferral.keys = set()
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.outer is not None:
            return False
        keys, _deferral.keys = _deferral.keys, None
        bump(*keys)
        return False


@contextmanager
def scoped(local, name, value):
    """`local.name` (a threading.local's) is `value` within this block, in this thread, and
    what it was before after it; yields (value, what it was before)."""
    outer = getattr(local, name, None)
    setattr(local, name, value)
    try:
        yield value, outer
    finally:
        setattr(local, name, outer)


_collecting = threading.local()


@contextmanager
def collecting():
    """The keys bump() moves within this block (in this thread), as a set filled as it goes:
    what a change touches, for pagecache.prerender to draw again the pages that show it."""
    with scoped(_collecting, "keys", set()) as (keys, outer):
        yield keys
    if outer is not None:
        outer |= keys


def is_collecting():
    return getattr(_collecting, "keys", None) is not None


def bump(*keys):
    """Move the counters of these dependency keys forward, in the current transaction.

    Called by each app's invalidation rules (post_save and the like), inside the transaction
    of the change when there is one. Pages and fragments rendered before the change stop
    matching; the purge signal (generations_changed) is sent once the change has committed.
    """
    keys = sorted({str(key) for key in keys if key})
    if not keys:
        return
    deferred = getattr(_deferral, "keys", None)
    if deferred is not None:
        deferred.update(keys)
        return
    collector = getattr(_collecting, "keys", None)
    if collector is not None:
        collector.update(keys)
    now = _now_ms()
    table = _table()
    connection = connections[DEFAULT_DB_ALIAS]
    rows = []
    # One transaction even when called outside one: on SQLite, the sequence and the counters
    # it orders must commit together, or a process could read the sequence without them.
    with _writing() as cursor:
        if connection.vendor != "postgresql":
            now = _next_sequence(cursor, now)
        for start in range(0, len(keys), _BATCH):
            batch = keys[start:start + _BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({_q('key')}, {_q('value')}, {_q('changed_at')}) VALUES "
                + ", ".join(["(%s, 1, %s)"] * len(batch))
                + f" ON CONFLICT ({_q('key')}) DO UPDATE SET {_q('value')} = {table}.{_q('value')} + 1,"
                f" {_q('changed_at')} = excluded.{_q('changed_at')} RETURNING {_q('key')}, {_q('value')}",
                [part for key in batch for part in (key, now)],
            )
            rows.extend(cursor.fetchall())
        if connection.vendor == "postgresql":
            _notify(cursor, now, rows)
    counters.forget(keys, reload=True)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _committed(keys), using=DEFAULT_DB_ALIAS)
    else:
        _committed(keys)


def _next_sequence(cursor, now):
    """SQLite: move the sequence, in the current transaction, and return it.

    SQLite serializes writers: a sequence moved in each transaction that changes counters
    orders them as they commit. Every change stores it in `changed_at` (bump, deadlines, the
    epoch), so a process reads just what moved since it last looked (_SQLite.refresh), and a
    render can tell whether the counters it shows moved while it was drawn (_SQLite.stable).
    (The sequence's own row keeps the time of the last change.)"""
    table = _table()
    cursor.execute(
        f"INSERT INTO {table} ({_q('key')}, {_q('value')}, {_q('changed_at')}) VALUES"
        f" (%s, 1, %s) ON CONFLICT ({_q('key')}) DO UPDATE SET {_q('value')} ="
        f" {table}.{_q('value')} + 1, {_q('changed_at')} = excluded.{_q('changed_at')}"
        f" RETURNING {_q('value')}", [SEQUENCE_KEY, now])
    return cursor.fetchone()[0]


def _changed_at(cursor, now):
    """What a change stores in `changed_at`: milliseconds on PostgreSQL, the moved sequence on
    SQLite (see _next_sequence)."""
    return now if _is_postgresql() else _next_sequence(cursor, now)


def _committed(keys):
    # Read them again now that they are committed (another thread of this process may have
    # read them in between, before the commit).
    counters.forget(keys, reload=True)
    counters.note_change(_now_ms())
    generations_changed.send(sender=Generation, keys=keys)


def _q(name):
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(name)


def _notify(cursor, now, rows):
    payload = "\n".join([str(now), *(f"{key}={value}" for key, value in rows)])
    if len(payload.encode()) > MAX_PAYLOAD:
        payload = f"{now}\n*"
    cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])


def _deadline_value(when):
    """Milliseconds, or -1 for "nothing due" (0, a missing row, means "never computed")."""
    return int(when * 1000) if when else -1


def set_deadline(name, when):
    """Store a time-driven change (epoch seconds, or None: none due), e.g. the next scheduled
    publication, in the current transaction. Entries depending on a kind tied to this deadline
    (dependencies.register(..., deadline=name)) are valid until then."""
    key = DEADLINE_PREFIX + name
    value, now = _deadline_value(when), _now_ms()
    with _writing() as cursor:
        changed_at = _changed_at(cursor, now)
        cursor.execute(
            f"INSERT INTO {_table()} ({_q('key')}, {_q('value')}, {_q('changed_at')}) VALUES (%s, %s, %s)"
            f" ON CONFLICT ({_q('key')}) DO UPDATE SET {_q('value')} = excluded.{_q('value')},"
            f" {_q('changed_at')} = excluded.{_q('changed_at')}",
            [key, value, changed_at],
        )
        if _is_postgresql():
            _notify(cursor, now, [(key, value)])
    counters.forget([key])


def replace_deadline(name, previous, when):
    """Replace a deadline that has passed (or was never computed: `previous` 0) by the next
    one, unless someone changed it meanwhile: compare and set, so a save that has just stored
    an earlier deadline is never overwritten by a request that computed it before the save."""
    key = DEADLINE_PREFIX + name
    value, now = _deadline_value(when), _now_ms()
    with _writing() as cursor:
        changed_at = _changed_at(cursor, now)
        if previous:
            cursor.execute(
                f"UPDATE {_table()} SET {_q('value')} = %s, {_q('changed_at')} = %s"
                f" WHERE {_q('key')} = %s AND {_q('value')} = %s",
                [value, changed_at, key, previous],
            )
        else:
            cursor.execute(
                f"INSERT INTO {_table()} ({_q('key')}, {_q('value')}, {_q('changed_at')})"
                f" VALUES (%s, %s, %s) ON CONFLICT ({_q('key')}) DO NOTHING",
                [key, value, changed_at],
            )
        replaced = cursor.rowcount == 1
        if replaced and _is_postgresql():
            _notify(cursor, now, [(key, value)])
    counters.forget([key])
    return replaced


def new_epoch():
    """Start the counters of this database afresh (after a restore, say): every page and
    fragment any cache kept so far stops matching."""
    value, now = random.randrange(1, 2**62), _now_ms()
    with _writing() as cursor:
        changed_at = _changed_at(cursor, now)
        cursor.execute(
            f"INSERT INTO {_table()} ({_q('key')}, {_q('value')}, {_q('changed_at')}) VALUES (%s, %s, %s)"
            f" ON CONFLICT ({_q('key')}) DO UPDATE SET {_q('value')} = excluded.{_q('value')},"
            f" {_q('changed_at')} = excluded.{_q('changed_at')}", [EPOCH_KEY, value, changed_at])
        if _is_postgresql():
            _notify(cursor, now, [(EPOCH_KEY, value)])
    counters.clear()


@contextmanager
def _writing():
    """A cursor in a transaction (the caller's, or one of its own): a change and the sequence
    it moved commit together. Once committed, this thread's copy catches up at its next
    snapshot (see Counters.wrote)."""
    with transaction.atomic(using=DEFAULT_DB_ALIAS, savepoint=False):
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            yield cursor
        transaction.on_commit(counters.wrote, using=DEFAULT_DB_ALIAS)


def lock_deadline(name):
    """Lock a deadline's row until the transaction ends (PostgreSQL; SQLite writes are
    serialized anyway), so two saves computing it concurrently cannot lose one another."""
    key = DEADLINE_PREFIX + name
    Generation.objects.bulk_create([Generation(key=key)], ignore_conflicts=True)
    if _is_postgresql():
        list(Generation.objects.select_for_update().filter(key=key).values_list("value"))


class Snapshot:
    """What a request knew about the counters when it started; `stable()` says whether the
    counters of some keys are still those, so what was rendered meanwhile may be stored."""

    __slots__ = ("marker", "started_ms", "loaded", "sequence", "witnessed")

    def __init__(self, marker, started_ms, sequence=None):
        self.marker = marker
        self.started_ms = started_ms
        self.loaded = {}  # keys read from the database during the request -> changed_at
        self.sequence = sequence  # SQLite: the last change the copy had (see _SQLite.stable)
        self.witnessed = {}  # witnesses computed during the request (pagecache.store.revalidate)


class _Backend:
    """How a process learns that counters moved. See the module docstring."""

    exact = True

    def __init__(self, store):
        self.store = store

    def refresh(self):
        """Bring the copy up to date; returns a marker compared by `unchanged_since`."""
        return None

    def stable(self, snapshot, keys):
        return False


class _SQLite(_Backend):
    def __init__(self, store):
        super().__init__(store)
        self.local = threading.local()
        self.sequence = None  # the last writing transaction whose counters this copy has

    def _data_version(self):
        connection = connections[DEFAULT_DB_ALIAS]
        connection.ensure_connection()
        raw = connection.connection
        return id(raw), raw.execute("PRAGMA data_version").fetchone()[0]

    def refresh(self):
        marker = self._data_version()
        if getattr(self.local, "marker", None) != marker:
            # Another connection committed something (or this thread has a new connection):
            # read the counters moved by the transactions since the last look, in one query.
            self.local.marker = marker
            self._catch_up()
        return marker

    def _catch_up(self):
        with self.store.lock:
            since = self.sequence
        if since is None:
            rows = list(Generation.objects.using(DEFAULT_DB_ALIAS).filter(key=SEQUENCE_KEY)
                        .values_list("key", "value", "changed_at"))
            self.store.clear()
        else:
            rows = list(Generation.objects.using(DEFAULT_DB_ALIAS)
                        .filter(models.Q(changed_at__gt=since) | models.Q(key=SEQUENCE_KEY))
                        .values_list("key", "value", "changed_at"))
        sequence = next((value for key, value, _at in rows if key == SEQUENCE_KEY), 0)
        with self.store.lock:
            if self.sequence is not None and sequence < self.sequence:
                self.store.values.clear()  # the database went back (restored, recreated)
            for key, value, changed_at in rows:
                if key != SEQUENCE_KEY:
                    self.store.values[key] = (value, changed_at)
            self.sequence = sequence

    def position(self):
        """The last change the copy has (taken after refresh(): what a render reads from then
        on includes every change up to it)."""
        with self.store.lock:
            return self.sequence

    def stable(self, snapshot, keys):
        # No other connection committed anything since the snapshot (this one does not write
        # while it renders a page): whatever was read meanwhile is consistent.
        if self._data_version() == snapshot.marker:
            return True
        # Something committed (a reader's purge address, another article): what was read is
        # consistent unless a change to what these keys stand for committed after the
        # snapshot's sequence. Every such change moves one of them in its own transaction
        # and stores its sequence, a larger one, in `changed_at` (bump, deadlines, epoch).
        since = snapshot.sequence
        if since is None:
            return False
        keys = sorted(keys)
        rows = Generation.objects.using(DEFAULT_DB_ALIAS).filter(changed_at__gt=since)
        return not any(rows.filter(key__in=keys[start:start + _BATCH]).exists()
                       for start in range(0, len(keys), _BATCH))


class _PostgreSQL(_Backend):
    def __init__(self, store):
        super().__init__(store)
        self.connection = None
        self.retry_at = 0.0
        self.reconciled_at = 0.0
        self.epoch = 0  # moves on every (re)connection and flush
        self.notified = 0  # notifications applied so far
        self.log = []  # (notification number, keys) of recent notifications
        self.lock = threading.Lock()

    @property
    def exact(self):
        return self.connection is not None

    def _connect(self):
        import psycopg

        params = connections[DEFAULT_DB_ALIAS].get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        params.pop("server_side_binding", None)
        connection = psycopg.connect(**params, autocommit=True, connect_timeout=2)
        connection.add_notify_handler(lambda notify: self._apply(notify.payload))
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _down(self, error):
        logger.warning("Page cache: lost the notification connection (%s); counters are read "
                       "from the database until it is back", error)
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection
            pass
        self.connection = None
        self.retry_at = time.monotonic() + RECONNECT_SECONDS
        with self.store.lock:
            self.store.last_known = dict(self.store.values)  # for stale-if-error, see below
        self._flush()

    def _flush(self):
        self.store.clear()
        self.epoch += 1

    def close(self):
        """Stop listening (the database is about to go: tests drop theirs)."""
        with self.lock:
            if self.connection is not None:
                try:
                    self.connection.close()
                finally:
                    self.connection = None

    def refresh(self):
        with self.lock:
            if self.connection is None:
                if time.monotonic() < self.retry_at or not settings.PAGE_CACHE_LISTEN:
                    return None
                try:
                    self.connection = self._connect()
                except Exception as error:  # noqa: BLE001 - the database may be away
                    self.retry_at = time.monotonic() + RECONNECT_SECONDS
                    logger.warning("Page cache: cannot listen for changes (%s)", error)
                    return None
                self._flush()  # anything may have moved while nobody listened
                self.reconciled_at = time.monotonic()
            try:
                pgconn = self.connection.pgconn
                pgconn.consume_input()
                while (notify := pgconn.notifies()) is not None:
                    self._apply(notify.extra.decode())
                if time.monotonic() - self.reconciled_at > RECONCILE_SECONDS:
                    self._reconcile()
            except Exception as error:  # noqa: BLE001 - a broken connection, whatever the class
                self._down(error)
                return None
            return (self.epoch, self.notified)

    def _reconcile(self):
        """Counters that moved recently, read again: a lost notification heals here."""
        since = int((time.time() - RECONCILE_SECONDS) * 1000) - 10 * MARGIN_MS
        self.reconciled_at = time.monotonic()
        rows = self.connection.execute(
            f"SELECT {_q('key')}, {_q('value')}, {_q('changed_at')} FROM {_table()}"
            f" WHERE {_q('changed_at')} >= %s", [since]).fetchall()
        missed = self.store.merge(rows)
        if missed:
            logger.warning("Page cache: %d counter changes arrived without notification", missed)
            self.notified += 1
            self.log.append((self.notified, set(missed)))

    def _apply(self, payload):
        if payload.startswith("sync:"):
            self.synced = payload
            return
        lines = payload.split("\n")
        try:
            changed_at = int(lines[0])
        except ValueError:
            return
        self.store.note_change(changed_at)
        self.notified += 1
        if lines[1:] == ["*"]:
            self._flush()
            return
        keys = set()
        for line in lines[1:]:
            key, _sep, value = line.rpartition("=")
            if key:
                keys.add(key)
                self.store.set(key, int(value), changed_at)
        self.log.append((self.notified, keys))
        if len(self.log) > 1000:
            del self.log[:500]

    def sync(self):
        """Wait until every change committed before now has been notified here: our own
        notification comes after them (PostgreSQL delivers them in commit order)."""
        self.sync_number = getattr(self, "sync_number", 0) + 1
        token = f"sync:{os.getpid()}:{self.sync_number}"
        with self.lock:
            try:
                self.connection.execute("SELECT pg_notify(%s, %s)", [CHANNEL, token])
                deadline = time.monotonic() + 2
                while getattr(self, "synced", None) != token and time.monotonic() < deadline:
                    for notify in self.connection.notifies(timeout=0.2, stop_after=1):
                        self._apply(notify.payload)
            except Exception as error:  # noqa: BLE001 - a broken connection
                self._down(error)
                return False
        return getattr(self, "synced", None) == token

    def stable(self, snapshot, keys):
        if snapshot.marker is None or self.connection is None:
            # Counters were read from the database this time: trust those that last moved
            # well before the request started.
            limit = snapshot.started_ms - MARGIN_MS
            return all(snapshot.loaded.get(key, 0) < limit for key in keys)
        if snapshot.loaded and not self.sync():
            return False  # counters read during the render must not be newer than its data
        if self.refresh() is None:
            return False
        epoch, number = snapshot.marker
        if epoch != self.epoch:
            return False
        for seen, changed in reversed(self.log):
            if seen <= number:
                break
            if not changed.isdisjoint(keys):
                return False
        return True


class Counters:
    """This process's copy of the counters it has needed (see the module docstring)."""

    def __init__(self):
        self.values = {}  # key -> (value, changed_at)
        self.last_known = {}  # the copy as it was when the database stopped answering
        self.dirty = set()  # keys this process moved, read again at the next snapshot
        self.last_change_ms = 0
        self.lock = threading.RLock()
        self._backend = None
        self._private = threading.local()

    # -- the copy ------------------------------------------------------------------------

    def clear(self):
        with self.lock:
            self.values.clear()
            self.dirty.clear()
            self.last_change_ms = 0
        backend = self._backend
        if isinstance(backend, _SQLite):
            backend.sequence = None

    def forget(self, keys, reload=False):
        """This process changed them: read them again from the database when next needed
        (its own uncommitted or rolled-back values are never kept); with `reload`, at the
        start of the next request, all at once."""
        with self.lock:
            for key in keys:
                self.values.pop(key, None)
            if reload:
                self.dirty.update(keys)
        own = self._own()
        if own is not None:
            for key in keys:
                own.pop(key, None)

    @contextmanager
    def private(self):
        """Within this block, this thread keeps the counters it reads in a copy of its own,
        none in the process's copy: inside a transaction that has not committed, it reads its
        own new values from the database, which no other request may take from the process's
        copy (nor keep, if it rolls back). For pagecache.prerender."""
        with scoped(self._private, "values", {}):
            yield

    def _own(self):
        return getattr(self._private, "values", None)

    def set(self, key, value, changed_at):
        with self.lock:
            known = self.values.get(key)
            if known is None or known[0] < value or _replaced_not_counted(key):
                self.values[key] = (value, changed_at)

    def merge(self, rows):
        """Rows read from the database; returns the known keys that were behind."""
        behind = []
        with self.lock:
            for key, value, changed_at in rows:
                known = self.values.get(key)
                if known is not None and known[0] != value:
                    if known[0] < value or _replaced_not_counted(key):
                        behind.append(key)
                        self.values[key] = (value, changed_at)
                self.last_change_ms = max(self.last_change_ms, changed_at)
        return behind

    def note_change(self, changed_at):
        self.last_change_ms = max(self.last_change_ms, changed_at)

    def wrote(self):
        """This thread committed a change to the counters. On SQLite its own connection's
        data_version does not move for it: catch up at the next snapshot anyway, so that the
        snapshot's sequence includes it (else _SQLite.stable would take this thread's own
        earlier change for one made during its next render, and refuse to store it)."""
        backend = self._backend
        if isinstance(backend, _SQLite):
            backend.local.marker = None

    # -- reading -------------------------------------------------------------------------

    def close(self):
        if hasattr(self._backend, "close"):
            self._backend.close()

    def backend(self):
        if self._backend is None:
            vendor = connections[DEFAULT_DB_ALIAS].vendor
            self._backend = _PostgreSQL(self) if vendor == "postgresql" else _SQLite(self)
            self.clear()
        return self._backend

    def snapshot(self):
        """Start of a request: bring the copy up to date, remember where it stood."""
        backend = self.backend()
        marker = backend.refresh()
        if self.dirty and self._own() is None:
            with self.lock:
                dirty, self.dirty = list(self.dirty), set()
            if backend.exact:
                rows = _load(dirty)
                with self.lock:
                    for key in dirty:
                        if key not in self.values:
                            self.values[key] = rows.get(key, (0, 0))
        sequence = backend.position() if isinstance(backend, _SQLite) else None
        return Snapshot(marker, _now_ms(), sequence)

    def get(self, keys, snapshot=None):
        """Current values of these counters (0 for a counter never moved)."""
        own = self._own()
        if own is not None:
            return self._get_own(own, keys, snapshot)
        backend = self.backend()
        found, missing = {}, []
        with self.lock:
            trusted = backend.exact
            for key in keys:
                known = self.values.get(key) if trusted else None
                if known is None:
                    missing.append(key)
                else:
                    found[key] = known[0]
        if missing:
            rows = _load(missing)
            with self.lock:
                if len(self.values) > MAX_LOCAL_KEYS:
                    self.values.clear()
                for key in missing:
                    value, changed_at = rows.get(key, (0, 0))
                    found[key] = value
                    if trusted:
                        self.values[key] = (value, changed_at)
                    if snapshot is not None:
                        snapshot.loaded[key] = changed_at
        return found

    def _get_own(self, own, keys, snapshot):
        """get() within private(): the keys this thread's transaction moved are not in the
        process's copy (bump() and the deadlines drop them from it), and are read from the
        database; the others are what the copy holds, as for any request."""
        missing = [key for key in keys if key not in own]
        if not missing:
            return {key: own[key][0] for key in keys}
        backend = self.backend()
        with self.lock:
            if backend.exact:
                for key in missing:
                    known = self.values.get(key)
                    if known is not None and key not in self.dirty:
                        own[key] = known
        unknown = [key for key in missing if key not in own]
        if unknown:
            rows = _load(unknown)
            for key in unknown:
                own[key] = rows.get(key, (0, 0))
                if snapshot is not None:
                    snapshot.loaded[key] = own[key][1]
        return {key: own[key][0] for key in keys}

    def match(self, deps, snapshot=None):
        """True if every (key, value) of `deps` is current: the check of every cached page and
        fragment, so the common case (all known) takes one pass under the lock."""
        backend = self._backend or self.backend()
        if backend.exact and self._own() is None:
            values = self.values
            with self.lock:
                for key, value in deps:
                    known = values.get(key)
                    if known is None:
                        break
                    if known[0] != value:
                        return False
                else:
                    return True
        found = self.get([key for key, _value in deps], snapshot)
        return all(found[key] == value for key, value in deps)

    def offline(self, keys):
        """While the database does not answer: the values this process last knew (no change
        can commit meanwhile), or None if it knew not all of them. Only to serve, never to
        store."""
        with self.lock:
            known = {**self.last_known, **self.values}
        if not all(key in known for key in keys):
            return None
        return {key: known[key][0] for key in keys}

    def stable(self, snapshot, keys):
        """True if these counters cannot have moved since the snapshot was taken: what was
        rendered meanwhile may be stored under the values the snapshot saw."""
        return snapshot is not None and self.backend().stable(snapshot, set(keys))

    def last_change_age(self):
        """Seconds since the last change this process knows of (any process's)."""
        backend = self.backend()
        backend.refresh()
        if not isinstance(backend, _PostgreSQL) or not backend.exact or not self.last_change_ms:
            rows = Generation.objects.using(DEFAULT_DB_ALIAS)
            if isinstance(backend, _SQLite):  # times are the sequence's, see bump()
                rows = rows.filter(key=SEQUENCE_KEY)
            try:
                latest = rows.order_by("-changed_at").values_list("changed_at", flat=True).first()
            except DatabaseError:
                return 0.0
            return time.time() - (latest or 0) / 1000
        return time.time() - self.last_change_ms / 1000

    def epoch(self):
        """A random number fixed when this database's counters were first used: entries kept
        by a cache that outlived its database can never match a new one's counters."""
        value = self.get([EPOCH_KEY])[EPOCH_KEY]
        if not value:
            Generation.objects.using(DEFAULT_DB_ALIAS).bulk_create(
                [Generation(key=EPOCH_KEY, value=random.randrange(1, 2**62))], ignore_conflicts=True)
            self.forget([EPOCH_KEY])
            value = self.get([EPOCH_KEY])[EPOCH_KEY]
        return value


def _replaced_not_counted(key):
    """Deadlines and the epoch are set, not counted up: their new value may be lower."""
    return key == EPOCH_KEY or key.startswith(DEADLINE_PREFIX)


def _load(keys):
    rows = {}
    queryset = Generation.objects.using(DEFAULT_DB_ALIAS)
    for start in range(0, len(keys), _BATCH):
        for key, value, changed_at in queryset.filter(key__in=keys[start:start + _BATCH]).values_list(
                "key", "value", "changed_at"):
            rows[key] = (value, changed_at)
    return rows


counters = Counters()
