"""The site's URLs plus uploads, as a production-like run serves them (SERVE_MEDIA)."""

from django.urls import re_path

from core.media import serve_media
from magazine.urls import urlpatterns as site_urlpatterns

urlpatterns = [re_path(r"^media/(?P<path>.+)$", serve_media), *site_urlpatterns]
