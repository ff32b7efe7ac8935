"""What a comment's text becomes: computed once when the comment is saved, read by pages.

Readers write plain text. Everything is escaped, line breaks are kept, French typography is
applied, and web addresses become links that pass no reputation (rel="nofollow ugc") and no window handle (noopener).
"""

import hashlib
import re
import unicodedata

from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import mark_safe

from core.typography import typeset_html

LINK_REL = "nofollow ugc noopener"
# Long addresses are shortened in the link text, never in the link.
URL_DISPLAY_LIMIT = 60


class CommentUrlizer(Urlizer):
    """Django's urlize, with the rel we want and without turning e-mail addresses into links
    (an address a reader typed in a comment should not become a harvestable mailto:)."""

    url_template = '<a href="{href}" rel="' + LINK_REL + '">{url}</a>'

    @staticmethod
    def is_email_simple(value):
        return False


_urlize = CommentUrlizer()
_LINK_RE = re.compile(r"<a\s")


def render_body(text):
    """Plain text → safe HTML: escape, linkify, paragraphs and line breaks, French typography
    (spaces before ; : ! ?, inside « », links left as written)."""
    linked = _urlize(normalize_text(text), trim_url_limit=URL_DISPLAY_LIMIT, autoescape=True)
    # urlize already escaped the text; linebreaks must not escape it a second time.
    return mark_safe(typeset_html(linebreaks(linked, autoescape=False)))


def count_links(text):
    """How many links `render_body` makes of this text: exactly what a reader would see."""
    return len(_LINK_RE.findall(render_body(text)))


def normalize_text(text):
    """Unicode NFC, Unix line endings, no trailing blanks, at most one empty line in a row."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def fingerprint(text):
    """Same for texts that differ only by case, spacing or punctuation: finds duplicates."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    words = re.findall(r"\w+", folded)
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def normalize_email(email):
    """Addresses are compared (and stored) trimmed and in lower case."""
    return (email or "").strip().lower()


def excerpt(text, length=80):
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
