"""Rate limits shared by every gunicorn worker and every app server, and exact under load.

A limit is only a limit if all the processes serving the site count together, and if no
increment is lost when two of them count at the same moment. Counters therefore never live in
a process, and every increment is one atomic operation that returns the new count:

- with Redis as the default cache (REDIS_URL), in Redis: cache.add() creates the window's
  counter with its expiry, cache.incr() is Redis's atomic INCR;
- otherwise in the database, table core_ratecounter (core.models.RateCounter), with
  one upsert statement:
      INSERT ... VALUES (key, 1, expiry) ON CONFLICT (key) DO UPDATE SET count = count + 1
      RETURNING count
  PostgreSQL and SQLite (3.35+) both run it atomically, so concurrent hits from any number
  of workers and servers each get their own count. Django's database and file caches cannot
  stand in for this: their incr() is a get followed by a set, and concurrent increments
  overwrite each other (two workers let 54 votes through a limit of 30 per hour).

When Redis is configured but unreachable (core.cache_backends.TolerantRedisCache answers
False to add() and None to incr()), the count moves to the database table: limits still limit,
still shared by every worker, instead of letting everything through or refusing every reader.
A window that spans the outage may count some hits in Redis and some in the table: for that
window the limit is at most twice as loose.

The database counter always runs on the "default" alias (the primary, never a replica),
through Django's connection: outside a transaction it commits at once, inside an atomic block
it is part of that transaction. Rows expire with their window; hit() deletes expired ones
about once in PURGE_ONE_IN calls and the daily `manage.py purge_ip_hashes` calls
purge_expired() too.

The caller's key (an IP hash, an e-mail address...) is stored only as its SHA-256, so the
table never holds an address, and every key fits the column.
"""

import hashlib
import random
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from .models import RateCounter

# Rows and Redis keys outlive their window by this much (clocks of app servers differ a little).
EXPIRY_MARGIN_SECONDS = 5
# hit() purges expired rows about once in this many calls.
PURGE_ONE_IN = 500
KEY_MAX_LENGTH = 255  # RateCounter.key


def counter_key(scope, key, window):
    """The counter's name for (scope, key) in a window: "<scope>:<sha256(key)>:<window>"."""
    digest = hashlib.sha256(str(key).encode()).hexdigest()
    name = f"{scope}:{digest}:{window}"
    if len(name) > KEY_MAX_LENGTH:  # only with an absurdly long scope name
        name = hashlib.sha256(name.encode()).hexdigest()
    return name


def uses_redis():
    return settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def hit(scope, key, limit, window_seconds):
    """Count one event for (scope, key); True if it is within `limit` per fixed window.

    A fixed window keyed by its start: the window number is the time divided by its length, so
    every process agrees on it without talking to the others.
    """
    now = time.time()
    window = int(now // window_seconds)
    name = counter_key(scope, key, window)
    expires = (window + 1) * window_seconds + EXPIRY_MARGIN_SECONDS
    count = _redis_hit(name, max(1, int(expires - now))) if uses_redis() else None
    if count is None:
        count = _database_hit(name, datetime.fromtimestamp(expires, tz=UTC))
    return count <= limit


def _redis_hit(name, timeout):
    """The new count, from Redis; None if Redis cannot be reached."""
    if not getattr(cache, "available", True):  # TolerantRedisCache, resting after a failure
        return None
    cache_key = f"ratelimit:{name}"
    try:
        if cache.add(cache_key, 1, timeout=timeout):
            return 1
        # add() is False when the counter exists, or (TolerantRedisCache) when Redis is
        # away: then incr() answers None as well.
        return cache.incr(cache_key)
    except ValueError:
        # The counter expired between add() and incr(): this is the window's first hit.
        cache.set(cache_key, 1, timeout=timeout)
        return 1 if getattr(cache, "available", True) else None


def _database_hit(name, expires_at):
    """The new count, from the table: one atomic upsert on the primary."""
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    key, count, expires = (quote(RateCounter._meta.get_field(field).column)
                           for field in ("key", "count", "expires_at"))
    sql = (
        f"INSERT INTO {table} ({key}, {count}, {expires}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} + 1 "
        f"RETURNING {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [name, connection.ops.adapt_datetimefield_value(expires_at)])
        new_count = cursor.fetchone()[0]
    if random.random() < 1 / PURGE_ONE_IN:
        purge_expired()
    return new_count


def purge_expired():
    """Delete the counters whose window is over; return how many were deleted."""
    deleted, _ = (RateCounter.objects.using(DEFAULT_DB_ALIAS)
                  .filter(expires_at__lt=timezone.now()).delete())
    return deleted
