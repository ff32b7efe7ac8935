import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe

from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS, sitemap_view
from articles.views import RobotsView
from magazine import health
from magazine.views import PrivacyView, favicon, moved_admin_address
from pages.sitemaps import PageSitemap

handler500 = "magazine.views.server_error"

# The site's sitemaps: the articles' (articles, sections, tags, authors) and the pages'.
SITE_SITEMAPS = {**SITEMAPS, "pages": PageSitemap}

urlpatterns = [
    # Probes for the load balancer (magazine/health.py): answered by HealthMiddleware before
    # any other middleware; named here so they can be reversed and found.
    path(health.LIVENESS_PATH.lstrip("/"), health.liveness, name="healthz"),
    path(health.READINESS_PATH.lstrip("/"), health.readiness, name="readyz"),
    # Comments' admin pages before comments had their own app (bookmarks, links in old mails).
    re_path(rf"^{re.escape(settings.ADMIN_PATH)}ratings/comment/(?P<rest>.*)$", moved_admin_address,
            {"app_label": "comments", "model_name": "comment"}),
    path(settings.ADMIN_PATH, admin.site.urls),
    # For crawlers, at the root only (not translated).
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("favicon.ico", require_safe(favicon), name="favicon"),
    path("sitemap.xml", require_safe(sitemap_view(sitemap_views.index)), {"sitemaps": SITE_SITEMAPS},
         name="sitemap"),
    path("sitemap-actualites.xml", require_safe(sitemap_view(sitemap_views.sitemap)),
         {"sitemaps": NEWS_SITEMAPS, "template_name": "articles/sitemap_news.xml"},
         name="sitemap_news"),
    path("sitemap-<section>.xml", require_safe(sitemap_view(sitemap_views.sitemap)),
         {"sitemaps": SITE_SITEMAPS}, name="django.contrib.sitemaps.views.sitemap"),
]

# French pages at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("auteurs/", include("authors.urls")),
    path("confidentialite/", PrivacyView.as_view(), name="privacy"),
    path("", include("ratings.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
    # Last: any other address of slugs may be a page (« À propos », « Mentions légales »).
    path("", include("pages.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    from core.media import serve_media

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", serve_media)]
