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
    """Note the page's address under each key it shows."""
    url = address(base, query, entry)
    keys = [key for key, _value in entry.deps if key != EPOCH_KEY]
    try:
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
    found = cache.get_many([_PREFIX + key for key in keys])
    return sorted({url for urls in found.values() for url in urls})


@receiver(generations_changed)
def _purge(sender, keys, **kwargs):
    urls = addresses(keys)
    if urls:
        cache.delete_many([_PREFIX + key for key in keys])
    pages_purged.send(sender=None, keys=keys, urls=urls)
