"""The pages' part of sitemap.xml (composed with the articles' in magazine/urls.py)."""

from django.contrib.sitemaps import Sitemap

from pagecache.dependencies import depends_on

from .models import Page


class PageSitemap(Sitemap):
    def items(self):
        depends_on("pages")
        return Page.objects.published().only("path", "updated_at").order_by("path")

    def lastmod(self, page):
        return page.updated_at
