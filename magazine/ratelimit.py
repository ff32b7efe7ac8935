"""Rate limits shared by every app server: counters live in the cache (Redis in production),
never in a process, so several gunicorn workers and machines count together.

If the cache cannot be reached, limits degrade safely: each process keeps counting on its own
(still a limit, at most N workers times looser) instead of letting everything through or
refusing every reader.
"""

import logging
import threading
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

_local_counts = {}
_local_lock = threading.Lock()


def _local_hit(cache_key, window_seconds):
    now = time.time()
    with _local_lock:
        for stale in [k for k, (_, expires) in _local_counts.items() if expires < now]:
            del _local_counts[stale]
        count, expires = _local_counts.get(cache_key, (0, now + window_seconds))
        _local_counts[cache_key] = (count + 1, expires)
        return count + 1


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
    if count is None:
        # The shared cache is unavailable (magazine.cache_backends.TolerantRedisCache).
        count = _local_hit(cache_key, window_seconds)
    return count <= limit
