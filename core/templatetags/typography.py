"""`{% load typography %}` then `{{ article.title|typo }}`: French typography at render time.

For short texts (titles, standfirsts, bios, names). Article bodies are typeset once, when
saved (`Article.body_html`). The same titles and names come back on every page, so each
result is remembered: typesetting depends on the text alone (not on the language, the
request or the time), so a remembered result is never stale.
"""

from functools import lru_cache

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.typography import typeset_html

register = template.Library()

# Titles, names and bios shown across the site; a longer text is typeset each time rather
# than kept.
REMEMBERED = 4096
REMEMBERED_LENGTH = 2000


@lru_cache(maxsize=REMEMBERED)
def _typeset(html):
    return typeset_html(html)


@register.filter(is_safe=True)
def typo(value):
    """Escape `value` unless it is already safe HTML, then typeset its text."""
    if value in (None, ""):
        return ""
    html = str(conditional_escape(value))
    return mark_safe(_typeset(html) if len(html) <= REMEMBERED_LENGTH else typeset_html(html))
