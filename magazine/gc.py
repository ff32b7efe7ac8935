"""A server process's second gc.freeze(), once its first requests have been served.

magazine/wsgi.py freezes what the process loaded before its first request. The first requests
then load much more that lives as long as the process: compiled templates, the URL resolvers,
translation catalogs, prepared queries, the site's sections. Left in the collector's oldest
generation, they are scanned again by every full collection (a pause of tens of milliseconds
for the request that triggers it, and a few percent of every page drawn from scratch). After
WARM_UP_REQUESTS requests have finished, one full collection frees what is garbage, then
gc.freeze() moves the rest out of the collector's sight, once per process.
"""

import gc

from django.core.signals import request_finished

WARM_UP_REQUESTS = 500
_UID = "magazine.gc.freeze_after_warm_up"


def freeze_after_warm_up(requests=WARM_UP_REQUESTS):
    """Connect the counter: after `requests` finished requests, collect and freeze, then stop
    counting."""
    left = requests

    def count(**kwargs):
        nonlocal left
        left -= 1
        if left <= 0:
            request_finished.disconnect(dispatch_uid=_UID)
            gc.collect()
            gc.freeze()

    request_finished.connect(count, weak=False, dispatch_uid=_UID)
    return count
