"""Which addresses a change touches, so caches in front (nginx, a CDN) can be purged by name.

When a page is stored, its address is remembered under each dependency key it shows, in the
database (PurgeAddress: one row per key and address). Once a change has committed,
`pages_purged` is sent with the addresses stored under the keys it bumped (every variant:
`?page=2`, `/en/…`, feeds), for whatever purges the caches in front (a task that calls the CDN's
API or nginx's purge location); those rows are then deleted (the next store of each page writes
them again). In the database, the list survives a restart or an outage of Redis: a page stored
before, or while Redis was away, is still purged at the next change.

Reader requests pay for it only when a page is stored (a cache miss), never on a hit: the shared
cache says whether this address was already written with these counters ("seen", for
PAGE_CACHE_SECONDS), and only when it was not (or the cache is away) one INSERT … ON CONFLICT
writes the rows of all its keys, refreshing `stored_at`. A failure is logged and never breaks the
page (`s-maxage` bounds what stays in front). Nothing is written unless PAGE_CACHE_PURGE is on.

Rows not stored again for PAGE_CACHE_PURGE_KEEP_SECONDS are pruned, a batch at a time after a
change (at most every PRUNE_EVERY_SECONDS per process) and all of them by the daily job
(`manage.py purge_ip_hashes`): by then no cache in front holds what they name.
"""

import hashlib
import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal, receiver
from django.utils import timezone
from django.utils.http import urlencode

from .generations import EPOCH_KEY, MARGIN_MS, generations_changed
from .models import PurgeAddress
from .store import later

logger = logging.getLogger(__name__)

# Sent after a change has committed: keys (the dependency keys it bumped) and urls (absolute
# addresses of the pages stored under them).
pages_purged = Signal()

_SEEN_PREFIX = "pagecache:purge-seen:"
_BATCH = 400  # keys per query
_UPSERT_BATCH = 200  # rows per INSERT (4 parameters each: under SQLite's oldest limit, 999)
PRUNE_BATCH = 5000  # rows per DELETE
PRUNE_EVERY_SECONDS = 300
_prune = {"last": 0.0, "lock": threading.Lock()}


def address(base, query, entry):
    scheme, host, path = base
    values = [(name, value) for name, values in entry.param_values for value in values]
    return f"{scheme}://{host}{path}" + (f"?{urlencode(values)}" if values else "")


def url_hash(url):
    return hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def remember(base, query, entry):
    """Note the page's address under each key it shows (PAGE_CACHE_PURGE: when something in
    front of the site is to be purged). Called when a page is stored, never on a hit."""
    if not settings.PAGE_CACHE_PURGE:
        return
    url = address(base, query, entry)
    keys = [key for key, _value in entry.deps if key != EPOCH_KEY]
    if not keys:
        return
    # The counters are part of the mark: after a change the page is written again (its rows
    # were deleted by the purge), and a database that was replaced (a new epoch) too.
    seen = _SEEN_PREFIX + hashlib.sha256(repr((url, entry.deps)).encode(
        "utf-8", "surrogateescape")).hexdigest()
    try:
        if cache.get(seen) is not None:
            return
    except Exception:  # noqa: BLE001 - the cache is away: the database says what is known
        logger.warning("Page cache: no cache to tell whether %s is known; writing it", url)
    try:
        _upsert(keys, url, url_hash(url), timezone.now())
    except Exception:  # noqa: BLE001 - purging is best effort; s-maxage bounds the rest
        logger.exception("Page cache: could not remember %s for purges", url)
        return
    later(lambda: _mark_seen(seen))


def _mark_seen(seen):
    try:
        cache.set(seen, 1, timeout=settings.PAGE_CACHE_SECONDS or None)
    except Exception:  # noqa: BLE001 - written again next time, harmless
        pass


_upserts = {}  # (database vendor, rows) -> SQL


def _upsert_sql(connection, rows):
    """What bulk_create(update_conflicts=True, unique_fields=["key", "url_hash"],
    update_fields=["stored_at"]) runs, written once per number of rows: compiling that INSERT
    cost most of a revalidated page's write (about 0.9 ms of 1.1 in a profile)."""
    key = (connection.vendor, rows)
    sql = _upserts.get(key)
    if sql is None:
        q = connection.ops.quote_name
        table = q(PurgeAddress._meta.db_table)
        values = ", ".join(["(%s, %s, %s, %s)"] * rows)
        sql = _upserts[key] = (
            f"INSERT INTO {table} ({q('key')}, {q('url')}, {q('url_hash')}, {q('stored_at')}) "
            f"VALUES {values} ON CONFLICT ({q('key')}, {q('url_hash')}) "
            f"DO UPDATE SET {q('stored_at')} = EXCLUDED.{q('stored_at')}")
    return sql


def _upsert(keys, url, digest, now):
    """The rows (key, url) of these keys, written or their `stored_at` refreshed."""
    connection = connections[DEFAULT_DB_ALIAS]
    stored_at = connection.ops.adapt_datetimefield_value(now)
    with transaction.atomic(using=DEFAULT_DB_ALIAS, savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(keys), _UPSERT_BATCH):
            batch = keys[start:start + _UPSERT_BATCH]
            cursor.execute(_upsert_sql(connection, len(batch)),
                           [value for key in batch for value in (key, url, digest, stored_at)])


def addresses(keys):
    """The addresses stored under these keys (sorted, each once)."""
    keys = sorted(set(keys))
    rows = PurgeAddress.objects.using(DEFAULT_DB_ALIAS)
    found = set()
    for start in range(0, len(keys), _BATCH):
        found.update(rows.filter(key__in=keys[start:start + _BATCH]).values_list("url", flat=True))
    return sorted(found)


def forget(keys, before):
    """Delete the rows of these keys stored before `before` (a datetime); returns the count."""
    keys = sorted(set(keys))
    rows = PurgeAddress.objects.using(DEFAULT_DB_ALIAS)
    return sum(rows.filter(key__in=keys[start:start + _BATCH], stored_at__lt=before).delete()[0]
               for start in range(0, len(keys), _BATCH))


def keep_seconds():
    """How long an address not stored again stays on the list: while a process may still serve
    its page, then nginx or the CDN keep it (`s-maxage`, `stale-while-revalidate`)."""
    return max(settings.PAGE_CACHE_PURGE_KEEP_SECONDS,
               2 * settings.PAGE_CACHE_SECONDS + settings.CDN_MAX_AGE
               + settings.CDN_STALE_WHILE_REVALIDATE)


def prune(now=None, batches=None):
    """Delete the rows stored more than keep_seconds() ago, PRUNE_BATCH at a time (at most
    `batches` of them); returns the count."""
    limit = (now or timezone.now()) - timedelta(seconds=keep_seconds())
    rows = PurgeAddress.objects.using(DEFAULT_DB_ALIAS)
    total, done = 0, 0
    while batches is None or done < batches:
        old = list(rows.filter(stored_at__lt=limit).order_by("stored_at")
                   .values_list("pk", flat=True)[:PRUNE_BATCH])
        if old:
            total += rows.filter(pk__in=old).delete()[0]
        done += 1
        if len(old) < PRUNE_BATCH:
            break
    return total


def _prune_due():
    with _prune["lock"]:
        now = time.monotonic()
        if now - _prune["last"] < PRUNE_EVERY_SECONDS:
            return False
        _prune["last"] = now
        return True


@receiver(generations_changed)
def _purge(sender, keys, **kwargs):
    if not settings.PAGE_CACHE_PURGE:
        return
    # Rows written from now on (minus the clock difference app servers may have) are pages
    # rendered after the change: kept for the next one.
    before = timezone.now() - timedelta(milliseconds=MARGIN_MS)
    try:
        urls = addresses(keys)
    except Exception:  # noqa: BLE001 - the database is away: s-maxage bounds what stays in front
        logger.exception("Page cache: could not read the addresses to purge")
        return
    if urls:
        pages_purged.send(sender=None, keys=keys, urls=urls)
    try:
        if urls:
            forget(keys, before)
        if _prune_due():
            prune(batches=1)
    except Exception:  # noqa: BLE001 - purged again next time, or pruned later
        logger.exception("Page cache: could not delete purged addresses")
