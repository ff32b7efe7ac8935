"""`{% load typography %}` then `{{ article.title|typo }}`: French typography at render time.

For short texts (titles, standfirsts, bios): a few microseconds each. Article bodies are
typeset once, when saved (`Article.body_html`).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.typography import typeset_html

register = template.Library()


@register.filter(is_safe=True)
def typo(value):
    """Escape `value` unless it is already safe HTML, then typeset its text."""
    if value in (None, ""):
        return ""
    return mark_safe(typeset_html(str(conditional_escape(value))))
