"""Which addresses a change touches, so caches in front (nginx, a CDN) can be purged by name.

When a page is stored, its address is remembered under each dependency key it shows. Once a
change has committed, `pages_purged` is sent with the addresses stored under the keys it bumped
(every variant: `?page=2`, `/en/…`, feeds), for whatever purges the caches in front (a task
that calls the CDN's API or nginx's purge location). Addresses rendered since the last purge of
a key are kept for PAGE_CACHE_SECONDS; a page older than that was also dropped by the caches
in front (their `s-maxage` is shorter).
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.dispatch import Signal, receiver
from django.utils.http import urlencode

from .generations import EPOCH_KEY, generations_changed

logger = logging.getLogger(__name__)

# Sent after a change has committed: keys (the dependency keys it bumped) and urls (absolute
# addresses of the pages stored under them).
pages_purged = Signal()

_PREFIX = "pagecache:urls:"


def address(base, query, entry):
    scheme, host, path = base
    values = [(name, value) for name, values in entry.param_values for value in values]
    return f"{scheme}://{host}{path}" + (f"?{urlencode(values)}" if values else "")


def remember(base, query, entry):
    """Note the page's address under each key it shows (PAGE_CACHE_PURGE: when something in
    front of the site is to be purged)."""
    if not settings.PAGE_CACHE_PURGE:
        return
    url = address(base, query, entry)
    keys = [key for key, _value in entry.deps if key != EPOCH_KEY]
    try:
        client = _redis(cache)
        if client is not None:  # one round trip, and no lost update between workers
            pipeline = client.pipeline(transaction=False)
            for key in keys:
                name = cache.make_key(_PREFIX + key)
                pipeline.sadd(name, url)
                pipeline.expire(name, settings.PAGE_CACHE_SECONDS)
            pipeline.execute()
            return
        found = cache.get_many([_PREFIX + key for key in keys])
        updates = {}
        for key in keys:
            urls = found.get(_PREFIX + key) or ()
            if url not in urls:
                updates[_PREFIX + key] = (*urls[-499:], url)
        if updates:
            cache.set_many(updates, timeout=settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - purging is best effort; s-maxage bounds the rest
        logger.exception("Page cache: could not remember %s for purges", url)


def addresses(keys):
    client = _redis(cache)
    if client is not None:
        pipeline = client.pipeline(transaction=False)
        for key in keys:
            pipeline.smembers(cache.make_key(_PREFIX + key))
        return sorted({url.decode() for urls in pipeline.execute() for url in urls})
    found = cache.get_many([_PREFIX + key for key in keys])
    return sorted({url for urls in found.values() for url in urls})


def _redis(backend):
    """The raw Redis client behind Django's Redis cache, or None for another backend."""
    inner = getattr(backend, "_cache", None)
    return inner.get_client(write=True) if hasattr(inner, "get_client") else None


@receiver(generations_changed)
def _purge(sender, keys, **kwargs):
    if not settings.PAGE_CACHE_PURGE:
        return
    try:
        urls = addresses(keys)
        if urls:
            cache.delete_many([_PREFIX + key for key in keys])
    except Exception:  # noqa: BLE001 - the cache is away: s-maxage bounds what stays in front
        logger.exception("Page cache: could not read the addresses to purge")
        return
    pages_purged.send(sender=None, keys=keys, urls=urls)
