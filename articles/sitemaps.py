"""sitemap.xml (django.contrib.sitemaps) and a Google News sitemap of the last 48 hours.

No django.contrib.sites: the sitemap views use the request's host, so every <loc> is on the
host the crawler asked (tested by the acceptance check: no example.com).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone

from authors.models import Author

from pagecache.dependencies import depends_on, valid_until

from .models import Article, Section, Tag


def sitemap_view(view):
    """Django's sitemap view, for the page cache: a sitemap shows every published article,
    section, tag and author."""

    def sitemap(request, *args, **kwargs):
        depends_on("articles", "sections", "tags", "authors")
        return view(request, *args, **kwargs)

    return sitemap


class ArticleSitemap(Sitemap):
    limit = 10000  # per sitemap page; the index lists the pages

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.updated_at


class _SubjectSitemap(Sitemap):
    """Subjects (sections, tags, authors) that have published articles, with the latest update."""

    model = None
    articles_path = None  # from the subject to its articles

    def items(self):
        published = Article.objects.published().values("pk")
        path = self.articles_path
        return (
            self.model.objects.filter(**{f"{path}__in": published})
            .annotate(lastmod=Max(f"{path}__updated_at", filter=Q(**{f"{path}__in": published})))
            .only("slug")
            .order_by("pk")
        )

    def lastmod(self, subject):
        return subject.lastmod


class SectionSitemap(_SubjectSitemap):
    model = Section
    articles_path = "articles"


class TagSitemap(_SubjectSitemap):
    model = Tag
    articles_path = "tagged_articles__content_object"


class AuthorSitemap(_SubjectSitemap):
    model = Author
    articles_path = "bylines__article"


class NewsSitemap(Sitemap):
    """Articles published in the last NEWS_SITEMAP_HOURS, for Google News (own template).

    After a quiet spell with nothing that recent, it lists the latest article alone: a
    sitemap must hold at least one URL to be valid, and Google News simply skips old ones.
    """

    limit = 1000  # Google News reads at most 1,000 URLs per sitemap

    def items(self):
        since = timezone.now() - timedelta(hours=settings.NEWS_SITEMAP_HOURS)
        articles = (
            Article.objects.published()
            .only("slug", "title", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )
        recent = list(articles.filter(published_at__gte=since)[: self.limit])
        if recent:
            # The sitemap changes by itself when its oldest article leaves the window.
            valid_until(recent[-1].published_at + timedelta(hours=settings.NEWS_SITEMAP_HOURS))
        return recent or list(articles[:1])

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {
    "articles": ArticleSitemap,
    "rubriques": SectionSitemap,
    "mots-cles": TagSitemap,
    "auteurs": AuthorSitemap,
}
NEWS_SITEMAPS = {"actualites": NewsSitemap}
