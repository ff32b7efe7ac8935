"""RSS 2.0 and Atom feeds (django.contrib.syndication) for the site, sections, tags and authors.

Items: title, link, description (the standfirst, then « Mis à jour le … — Rectificatif : … » for
an article corrected after publication; with ?complet=1 the full body too, its videos as plain
links), every author, publication and update dates, categories (section and tags),
the cover as an enclosure. Published articles only, in a constant number of queries.

Absolute URLs use the request's host (no django.contrib.sites), like the sitemaps.
"""

import re
from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from authors.models import Author
from core.typography import typeset_text
from media_library.embeds import embeds_as_links
from pagecache.dependencies import depends_on

from .models import Article, Section, Tag


class StableDateMixin:
    """An empty feed's date: Django writes the current time, which would make the feed change
    every second (and never equal its cached copy); an empty feed has not changed since the
    epoch."""

    def latest_post_date(self):
        if any(item.get("pubdate") or item.get("updateddate") for item in self.items):
            return super().latest_post_date()
        return datetime(1970, 1, 1, tzinfo=dt_timezone.utc)


class MultiAuthorRss(StableDateMixin, Rss201rev2Feed):
    """RSS with one <dc:creator> per author (Django writes a single author)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:dc": "http://purl.org/dc/elements/1.1/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", [])[1:]:
            handler.addQuickElement("dc:creator", name)


class MultiAuthorAtom(StableDateMixin, Atom1Feed):
    """Atom with one <author> per author (Django writes a single author)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item.get("author_links", [])[1:]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")


class FeedSubject:
    """What a feed is about (None for the whole site) and whether it carries full bodies."""

    def __init__(self, subject, full):
        self.subject = subject
        self.full = full


class ArticleFeed(Feed):
    feed_type = MultiAuthorRss
    # A subclass's subject model (Section, Tag, Author) and how articles point to it.
    subject_model = None
    subject_lookup = None

    def get_object(self, request, slug=None):
        subject = get_object_or_404(self.subject_model, slug=slug) if self.subject_model else None
        self.request = request  # safe: feed_view() makes one feed object per request
        return FeedSubject(subject, full=request.GET.get("complet") == "1")

    def title(self, obj):
        if obj.subject is None:
            return settings.SITE_NAME
        return f"{settings.SITE_NAME} — {self.subject_title(obj.subject)}"

    def subject_title(self, subject):
        return str(subject)

    def link(self, obj):
        return obj.subject.get_absolute_url() if obj.subject else reverse("articles:home")

    def description(self, obj):
        if obj.subject is None:
            return _("Les derniers articles du Magazine.")
        return _("Les derniers articles : %(subject)s.") % {"subject": self.subject_title(obj.subject)}

    subtitle = description  # Atom

    def items(self, obj):
        articles = Article.objects.published()
        if obj.subject is not None:
            articles = articles.filter(**{self.subject_lookup: obj.subject})
        items = list(articles.for_listing().prefetch_related("tags")[: settings.FEED_ITEMS])
        for item in items:
            item.feed_full = obj.full
        return items

    def item_title(self, item):
        return typeset_text(item.title)

    def item_description(self, item):
        standfirst = typeset_text(item.standfirst)
        correction = correction_line(item)
        if not item.feed_full:
            return "\n\n".join(part for part in (standfirst, correction) if part)
        # A feed reader runs no script and should load no player: videos become plain links.
        body = absolute_addresses(embeds_as_links(item.body_html),
                                  self.request.build_absolute_uri("/").rstrip("/"))
        head = "".join(f"<p>{escape(part)}</p>\n" for part in (standfirst, correction) if part)
        return head + body

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        names = [author.name for author in item.ordered_authors]
        return names[0] if names else settings.SITE_NAME

    def item_author_link(self, item):
        authors = item.ordered_authors
        return self.request.build_absolute_uri(authors[0].get_absolute_url()) if authors else None

    def item_extra_kwargs(self, item):
        authors = item.ordered_authors
        return {
            "authors": [author.name for author in authors],
            "author_links": [(a.name, self.request.build_absolute_uri(a.get_absolute_url()))
                             for a in authors],
        }

    def item_categories(self, item):
        section = [item.section.name] if item.section else []
        return section + [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        if not item.cover_image:
            return []
        return [Enclosure(
            self.request.build_absolute_uri(item.cover_image.url),
            str(item.cover_size or 0),
            item.cover_mime_type or "image/jpeg",
        )]


class AtomFeedMixin:
    feed_type = MultiAuthorAtom


class SectionFeed(ArticleFeed):
    subject_model = Section
    subject_lookup = "section"


class TagFeed(ArticleFeed):
    subject_model = Tag
    subject_lookup = "tags"

    def subject_title(self, subject):
        return _("mot-clé « %(tag)s »") % {"tag": subject.name}


class AuthorFeed(ArticleFeed):
    subject_model = Author
    subject_lookup = "bylines__author"


def correction_line(article):
    """« Mis à jour le … — Rectificatif : … » for an article corrected after publication, as
    its page shows it (articles/_correction.html); empty otherwise."""
    if not article.shows_correction:
        return ""
    line = _("Mis à jour le %(date)s") % {
        "date": date_format(timezone.localtime(article.corrected_at), "j F Y à H:i")}
    if article.correction_note:
        line += " — " + _("Rectificatif :") + " " + typeset_text(article.correction_note)
    return line


def feed_view(feed_class, atom=False):
    """A view that builds a fresh feed object per request (feeds keep the request)."""
    cls = type(f"{'Atom' if atom else 'Rss'}{feed_class.__name__}",
               (AtomFeedMixin, feed_class) if atom else (feed_class,), {})

    @require_safe  # GET and HEAD; a feed reader has no reason to PUT or DELETE
    def view(request, *args, **kwargs):
        # Its items' titles, texts, authors and categories (pagecache: a feed is cheap to
        # redraw on any article change).
        depends_on("articles", "sections", "tags", "authors")
        return cls()(request, *args, **kwargs)

    return view


_ADDRESS = re.compile(r'(\s(?:src|href)=")(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')


def absolute_addresses(html, base):
    """A body's site-relative addresses (pictures, links) made absolute: a feed is read
    elsewhere, by readers that do not know our address."""
    html = _ADDRESS.sub(lambda m: f'{m[1]}{base}{m[2]}"', html)

    def srcset(match):
        parts = [part.strip() for part in match[2].split(",")]
        return match[1] + ", ".join(
            base + part if part.startswith("/") and not part.startswith("//") else part
            for part in parts) + '"'

    return _SRCSET.sub(srcset, html)
