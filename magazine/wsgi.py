import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (configured by get_wsgi_application)

if settings.PAGE_CACHE_SECONDS:
    from pagecache.wsgi import FrontDoor

    # Cached pages are answered before Django builds a request (pagecache/wsgi.py).
    application = FrontDoor(application)

from core.request_log import RequestLog  # noqa: E402
from magazine.health import PATHS as HEALTH_PATHS  # noqa: E402

# Outermost, around the front door too: every request gets its id (X-Request-ID), and with
# LOG_FORMAT=json its one line, page-cache hits included; the balancer's probes are not logged.
application = RequestLog(application, skip_paths=HEALTH_PATHS)

# What the process has loaded lives as long as it does: moved out of the cyclic garbage
# collector's sight, so that its full collections (every few thousand requests) scan only what
# requests made since, instead of pausing a request for tens of milliseconds (Python's gc docs,
# "gc.freeze"). What its first requests load for good (compiled templates, prepared queries,
# URL patterns, translation catalogs) follows once they are served (magazine/gc.py).
gc.freeze()
from magazine.gc import freeze_after_warm_up  # noqa: E402

freeze_after_warm_up()
