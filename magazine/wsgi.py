import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "magazine.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402  (configured by get_wsgi_application)

if settings.PAGE_CACHE_SECONDS:
    from pagecache.wsgi import FrontDoor

    # Cached pages are answered before Django builds a request (pagecache/wsgi.py).
    application = FrontDoor(application)
