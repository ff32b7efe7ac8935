from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

handler500 = "magazine.views.server_error"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
]

# French pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("auteurs/", include("authors.urls")),
    path("", include("ratings.urls")),
    path("", include("ratings.comment_urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    from django.urls import re_path

    from magazine.media import serve_media

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media)]
