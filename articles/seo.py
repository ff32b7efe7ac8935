"""What search engines and social networks read in a page's head.

Views build a `meta` dict with one of the *_meta() functions; `articles/templates/articles/_meta.html`
renders it (canonical URL, description, OpenGraph, Twitter card, JSON-LD). JSON-LD is built as
Python dicts and serialised by `jsonld()`, never assembled in a template.

Absolute URLs come from the request (so they follow the host the reader used, like the feeds
and sitemaps), or from SITE_URL where there is no request. Canonical URLs always point to the
French pages: /en/ only translates the interface around the same articles.
"""

import json
import unicodedata
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

# The publisher logo (static/img/logo.png), square and larger than Google's 112 px minimum.
LOGO = "img/logo.png"
LOGO_SIZE = 512
DESCRIPTION_LENGTH = 300
# schema.org asks for a headline of at most 110 characters.
HEADLINE_LENGTH = 110

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def jsonld(data):
    """JSON for a <script type="application/ld+json"> block: nothing in it can close the tag."""
    return mark_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                     .translate(_JSON_ESCAPES))


def absolute_url(request, path):
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def _in_site_language(function, *args):
    """function(*args) with French active (canonical addresses), switching only from /en/."""
    if get_language() == settings.LANGUAGE_CODE:
        return function(*args)
    with override(settings.LANGUAGE_CODE):
        return function(*args)


def canonical_path(obj):
    return _in_site_language(obj.get_absolute_url)


def home_url(request):
    return absolute_url(request, _home_path())


def _chars(text, length):
    """Truncator(text).chars(length), without its walk over every character when the text is
    short enough to be returned whole (normalised, as Truncator returns it)."""
    text = str(text)
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


def iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def default_description():
    return _("Le Magazine : l'actualité de la ville, de la culture, des sciences et des techniques.")


@cache
def _logo_path():
    return static(LOGO)  # the hashed name, looked up in the static files' manifest


@receiver(setting_changed)
def _forget_logo_path(**kwargs):
    _logo_path.cache_clear()


def logo(request):
    return {"url": absolute_url(request, _logo_path()), "width": LOGO_SIZE, "height": LOGO_SIZE}


def organization(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": home_url(request),
        "logo": {"@type": "ImageObject", **logo(request)},
    }


def cover(article, request):
    """The article's cover as {url, width, height, alt}, or the logo when it has none."""
    if article.cover_image:
        return {
            "url": absolute_url(request, article.cover_image.url),
            "width": article.cover_width,
            "height": article.cover_height,
            "alt": article.cover_alt,
        }
    return {**logo(request), "alt": settings.SITE_NAME}


def _person(author, request):
    person = {"@type": "Person", "name": author.name, "url": absolute_url(request, canonical_path(author))}
    if author.job_title:
        person["jobTitle"] = author.job_title
    return person


def breadcrumbs(request, trail):
    """BreadcrumbList from [(name, path), ...], home first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name,
             "item": absolute_url(request, path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def _home_path():
    return _in_site_language(reverse, "articles:home")


# What other apps add to an article's NewsArticle JSON-LD (ratings: "aggregateRating" when
# RATINGS_IN_JSONLD is on): functions (article) -> dict of extra keys, filled in their ready().
article_jsonld_additions = []


def article_meta(article, request):
    """Head metadata of an article page. Reads tags and bylines from the view's prefetch."""
    path = canonical_path(article)
    canonical = absolute_url(request, path)
    description = (article.seo_description
                   or _chars(article.standfirst, DESCRIPTION_LENGTH)
                   or default_description())
    image = cover(article, request)
    tags = [tag.name for tag in article.tags.all()]
    section = article.section
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _chars(article.title, HEADLINE_LENGTH),
        "description": description,
        "image": [{"@type": "ImageObject", "url": image["url"], "width": image["width"],
                   "height": image["height"]}],
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.updated_at or article.published_at),
        "author": [_person(author, request) for author in article.ordered_authors],
        "publisher": organization(request),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "inLanguage": "fr",
        "wordCount": article.word_count,
        "isAccessibleForFree": True,
    }
    if section is not None:
        news["articleSection"] = section.name
    if tags:
        news["keywords"] = tags
    for addition in article_jsonld_additions:
        news.update(addition(article))
    trail = [(_("Accueil"), _home_path())]
    if section is not None:
        trail.append((section.name, canonical_path(section)))
    trail.append((article.title, path))
    return {
        "type": "article",
        "canonical": canonical,
        "title": article.seo_title or article.title,
        "description": description,
        "image": image,
        "published_time": iso(article.published_at),
        "modified_time": iso(article.updated_at),
        "section": section.name if section else "",
        "tags": tags,
        "authors": [author.name for author in article.ordered_authors],
        # Dicts until the template serialises them (|jsonld), so a view may still add to them.
        "jsonld": [news, breadcrumbs(request, trail)],
    }


def author_meta(author, request, page_obj=None):
    """Head metadata of an author page: a ProfilePage whose main entity is the Person."""
    canonical = absolute_url(request, canonical_path(author)) + _page_suffix(page_obj)
    person = _person(author, request)
    person["worksFor"] = organization(request)
    if author.short_bio:
        person["description"] = author.short_bio
    if author.portrait:
        person["image"] = absolute_url(request, author.portrait.url)
    same_as = [url for _label, url in author.links]
    if same_as:
        person["sameAs"] = same_as
    profile = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": canonical,
        "inLanguage": "fr",
        "mainEntity": person,
    }
    image = None
    if author.portrait:
        image = {"url": person["image"], "width": author.portrait_width,
                 "height": author.portrait_height, "alt": author.name}
    return {
        "type": "profile",
        "canonical": canonical,
        "title": author.name,
        "description": _chars(author.short_bio, DESCRIPTION_LENGTH) or author.name,
        "image": image or {**logo(request), "alt": settings.SITE_NAME},
        "jsonld": [profile],
    }


def list_meta(request, subject, description, page_obj=None):
    """Head metadata of a section or tag page."""
    canonical = absolute_url(request, canonical_path(subject)) + _page_suffix(page_obj)
    trail = [(_("Accueil"), _home_path()), (str(subject), canonical_path(subject))]
    return {
        "type": "website",
        "canonical": canonical,
        "title": str(subject),
        "description": description or default_description(),
        "image": {**logo(request), "alt": settings.SITE_NAME},
        "jsonld": [breadcrumbs(request, trail)],
    }


def home_meta(request):
    """The home page: the WebSite (with its search, for a search box in results) and publisher."""
    home = home_url(request)
    search = absolute_url(request, _in_site_language(reverse, "articles:search"))
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": home,
        "inLanguage": "fr",
        "publisher": organization(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return {
        "type": "website",
        "canonical": home,
        "title": settings.SITE_NAME,
        "description": default_description(),
        "image": {**logo(request), "alt": settings.SITE_NAME},
        "jsonld": [website],
    }


def _page_suffix(page_obj):
    return f"?page={page_obj.number}" if page_obj is not None and page_obj.number > 1 else ""
