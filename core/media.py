"""Uploads served by Django itself, for development and production-like local runs only
(settings.SERVE_MEDIA). A real deployment serves MEDIA_URL from its web server or object
storage, with the same cache rules: renditions never change under a name (their names carry a
hash of their content, core/images.py), so browsers may keep them for a year."""

from django.conf import settings
from django.views.static import serve


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith("renditions/"):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=3600"
    return response
