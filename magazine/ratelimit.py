"""Rate limits shared by every app server: counters live in the cache (Redis in production),
never in a process, so several gunicorn workers and machines count together."""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def hit(scope, key, limit, window_seconds):
    """Count one event for (scope, key); True if it is within `limit` per fixed window.

    A fixed window keyed by its start: cache.add() creates the counter with its expiry,
    cache.incr() is atomic in Redis and in the local-memory cache.
    """
    window = int(time.time() // window_seconds)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    try:
        if cache.add(cache_key, 1, timeout=window_seconds + 5):
            count = 1
        else:
            count = cache.incr(cache_key)
    except ValueError:
        # The counter expired between add() and incr(): this is the window's first hit.
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit
