"""HTML that journalists write: sanitized with an allow-list when it is saved.

Whatever arrives (the rich-text editor, a paste, the shell, an import), only these tags and
attributes are stored. Rendering helpers that derive reader HTML from it live here too, so the
page view only reads a prepared string.
"""

import re

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# On every tag: `lang` only, so a passage in another language is read out right by screen
# readers and left alone by the French typography (core/typography.py). nh3 would also
# keep `title` everywhere by default.
GENERIC_ATTRIBUTES = {"lang"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={**ALLOWED_ATTRIBUTES, "*": GENERIC_ATTRIBUTES},
    generic_attribute_prefixes=set(),
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)

# Presentational tags from pastes and older editors, renamed to the semantic tags we keep, so
# their emphasis survives instead of being stripped: <b> → <strong>, <i> → <em>.
_PRESENTATIONAL = re.compile(r"<(/?)(b|i)(?=[\s/>])[^>]*>", re.IGNORECASE)
_SEMANTIC = {"b": "strong", "i": "em"}

_EMPTY_PARAGRAPH = re.compile(r"^\s*(<p>\s*(<br\s*/?>)?\s*</p>\s*)*$")


def sanitize_html(html):
    """Return `html` reduced to the magazine's allow-list (no scripts, handlers, styles)."""
    if not html:
        return ""
    # Null bytes and other C0 controls have no place in an article (and PostgreSQL rejects \x00).
    html = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", html)
    html = _PRESENTATIONAL.sub(lambda m: f"<{m[1]}{_SEMANTIC[m[2].lower()]}>", html)
    cleaned = _cleaner.clean(html).strip()
    return "" if _EMPTY_PARAGRAPH.match(cleaned) else cleaned


def html_to_text(html):
    """Plain text of an HTML fragment, for word counts and search excerpts."""
    return re.sub(r"\s+", " ", strip_tags(html.replace("<", " <"))).strip()


def count_words(html):
    return len(re.findall(r"\w+(?:[’'-]\w+)*", html_to_text(html)))
