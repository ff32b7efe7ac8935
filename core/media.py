"""Uploads served by Django itself, for development and production-like local runs only
(settings.SERVE_MEDIA, off when media live on an object store: MEDIA_URL is then the store's
or its CDN's). A real deployment serves MEDIA_URL from its web server or object storage, with
the same cache rules: stored names carry a hash of their content (core/images.py), so browsers
may keep them for a year. Read through the storage API, like every other file access."""

import mimetypes

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from core.images import HASH_SUFFIX


def serve_media(request, path):
    try:
        if not default_storage.exists(path):
            raise Http404
        stored = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, IsADirectoryError, ValueError):
        raise Http404 from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(stored, content_type=content_type)
    stem = path.rsplit(".", 1)[0]
    if path.startswith("renditions/") or HASH_SUFFIX.search(stem):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
