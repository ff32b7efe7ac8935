"""`{% load cards %}`: an article's card and its byline.

    {% card article %}                      a story in a list (h3)
    {% card article h=2 hide_section=section %}
    {% card article lead=True %}            the home page's top story
    {% card article compact=True hide_section=True %}   a small row with a thumbnail
    {% byline article %}                    « Par Camille Durand et Léa Martin · 3 mars 2026 »
    {% byline article photos=True %}        with the authors' portraits and the reading time

A card is the one part that every list draws a dozen times: home, sections, tags, authors,
« À lire aussi ». Drawn by Django's template engine (an include, a `with`, a nested byline
include, ~40 variable lookups) it cost about 0.45 ms, most of a list page drawn from scratch;
written here, with the same per-item helpers as the templates (`typo`, the `date` filter of
`{% load dates %}`, `{% picture %}`, translations), it costs a small fraction of that and
writes the same bytes (tests/articles/test_cards.py).

The card's link covers the whole card (site.css); the image comes after the text in reading
order and before it on screen. A card declares what it shows for the page cache: its article,
its section and its authors, and its comment count where a list shows it (lists and search
annotate `comment_count`; « À lire aussi » does not show it, and does not depend on it).
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core.templatetags.dates import date, localtime
from core.templatetags.images import escape
from core.templatetags.images import picture
from core.templatetags.typography import typo
from pagecache import dependencies
from pagecache.templatetags.pagecache import cached_fragment

register = template.Library()

# The picture's `sizes`, by kind of card: the width the card's image takes on screen.
LEAD_SIZES = "(min-width: 75rem) 42rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)"
COMPACT_SIZES = "(min-width: 40rem) 6.5rem, 7.5rem"
CARD_SIZES = "(min-width: 75rem) 22rem, (min-width: 64rem) 30vw, (min-width: 40rem) 45vw, 7.5rem"

ISO_FORMAT = r"Y-m-d\TH:i:sO"


def first_words(text, count):
    """`text|truncatewords:count` for a plain string (Django's Truncator without its lazy
    object): the words joined by single spaces, « …» after them if some were left out."""
    words = text.split()
    if len(words) <= count:
        return " ".join(words)
    shown = " ".join(words[:count])
    return shown if shown.endswith(" …") else shown + " …"


def byline_html(article, photos=False, authors=None):
    if authors is None:
        authors = article.ordered_authors
    parts = ['<p class="byline">']
    if photos:
        parts.append('<span class="byline__photos">')
        for author in authors:
            if author.portrait:
                parts.append(picture(author.portrait, author.portrait_renditions, "portrait",
                                     sizes="2.25rem", css_class="byline__photo"))
        parts.append("</span>")
    parts.append(f'<span class="byline__text"><span class="byline__names">{gettext("Par")} ')
    last = len(authors) - 1
    for number, author in enumerate(authors):
        if number:
            parts.append(f' {gettext("et")} ' if number == last else ", ")
        parts.append(f'<a href="{escape(author.get_absolute_url())}" rel="author">'
                     f'{typo(author.name)}</a>')
    parts.append('</span>\n<span class="byline__when">')
    published_at = article.published_at
    if published_at:
        when = localtime(published_at)
        parts.append(f'<time datetime="{escape(date(when, ISO_FORMAT))}">'
                     f'{escape(date(when, "j F Y"))}</time>')
    if photos:
        minutes = article.reading_minutes
        parts.append('<span class="byline__reading">'
                     + ngettext("%(minutes)s min de lecture", "%(minutes)s min de lecture",
                                minutes) % {"minutes": minutes}
                     + "</span>")
    parts.append("</span></span></p>\n")
    return "".join(parts)


def card_html(article, level=3, lead=False, compact=False, hide_section=False, authors=None):
    url = escape(article.get_absolute_url())
    kind = " card--lead" if lead else " card--compact" if compact else ""
    parts = [f'\n<article class="card{kind}">\n  <div class="card__body">\n    ']
    section = article.section
    if section and not hide_section:
        parts.append(f'<p class="card__section"><a href="{escape(section.get_absolute_url())}">'
                     f'{typo(section.name)}</a></p>')
    parts.append(f'\n    <h{level} class="card__title"><a href="{url}">{typo(article.title)}</a>'
                 f'</h{level}>\n    ')
    if article.standfirst:
        parts.append(f'<p class="card__standfirst">{typo(first_words(article.standfirst, 40))}</p>')
    parts.append("\n    ")
    parts.append(byline_html(article, authors=authors))
    parts.append("\n    ")
    count = getattr(article, "comment_count", None)
    if count:
        parts.append(f'<p class="card__comments"><a href="{url}#avis">'
                     + ngettext("%(counter)s avis", "%(counter)s avis", count) % {"counter": count}
                     + "</a></p>")
    parts.append("\n  </div>\n  ")
    if article.cover_image:
        sizes = LEAD_SIZES if lead else COMPACT_SIZES if compact else CARD_SIZES
        parts.append('<div class="card__media">'
                     + picture(article.cover_image, article.cover_renditions, "card",
                               alt=article.cover_alt, sizes=sizes, priority=bool(lead))
                     + "</div>")
    parts.append("\n</article>\n")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def card(context, article, h=None, lead=False, compact=False, hide_section=False):
    level, lead, compact, hide_section = h or 3, bool(lead), bool(compact), bool(hide_section)
    count = getattr(article, "comment_count", None)

    def draw():
        with dependencies.scope() as scope:
            authors = article.ordered_authors
            dependencies.depends(article=article.pk, section=article.section_id, author=authors)
            if count is not None:
                dependencies.depends(comments=article.pk)
            html = card_html(article, level, lead, compact, hide_section, authors)
        return html, scope

    # Drawing a card costs about as much as finding it again: with fragments on, the same card
    # is still drawn once for every list and related block that shows it.
    return cached_fragment(
        context, lambda: ("card", article.pk, level, lead, compact, hide_section, count), draw)


@register.simple_tag
def byline(article, photos=False):
    return mark_safe(byline_html(article, photos))
