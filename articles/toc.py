"""Anchors on the body's headings and the table of contents built from its h2s.

Computed when an article is saved (`Article.save`); the page only reads the result.
"""

import re

from django.conf import settings

from core.html import html_to_text
from core.slugs import slugify

_HEADING = re.compile(r"<(h[2-4])(\s[^>]*)?>(.*?)</\1\s*>", re.S | re.I)
_HAS_ID = re.compile(r"\sid\s*=", re.I)

# Ids the article page's templates use themselves (grep 'id="' in templates/): a heading
# never takes them, nor one starting with a prefix of generated ids (comment "avis-<n>"...).
RESERVED_IDS = {
    "contenu", "sommaire", "partager", "articles-lies", "a-la-une", "ses-articles", "commentaires",
    "avis", "avis-titre", "avis-non-publie", "publiez-votre-avis", "notation", "notes",
    "notes-titre", "mieux-notes", "recherche", "recherche-q", "recherche-page-q", "lien-article",
}
RESERVED_PREFIXES = ("avis-", "note-", "rubrique-")


def add_heading_ids(html):
    """Give every h2-h4 a stable id (its slugified text, de-duplicated).

    Returns (html, toc) where toc is a list of {"id", "title"} for the h2s, in order.
    """
    used = set(RESERVED_IDS)
    toc = []

    def anchor(match):
        tag, attrs, inner = match.group(1).lower(), match.group(2) or "", match.group(3)
        title = html_to_text(inner)
        if _HAS_ID.search(attrs):
            return match.group()
        base = slugify(title)[:60].strip("-") or "partie"
        if base.startswith(RESERVED_PREFIXES):
            base = f"partie-{base}"
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        if tag == "h2" and title:
            toc.append({"id": ident, "title": title})
        return f'<{tag}{attrs} id="{ident}">{inner}</{tag}>'

    return _HEADING.sub(anchor, html or ""), toc


def shows_toc(toc, word_count):
    """A table of contents helps long articles only (settings TOC_MIN_HEADINGS/TOC_MIN_WORDS)."""
    return len(toc) >= 2 and (
        len(toc) >= settings.TOC_MIN_HEADINGS or word_count >= settings.TOC_MIN_WORDS
    )
