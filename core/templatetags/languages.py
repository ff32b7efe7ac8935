"""`{% load languages %}`: the same page in the site's other languages.

French pages live at the root and English ones under /en/ (i18n_patterns); the articles are
the same, only the interface is translated. `{% language_alternates %}` writes the head's
hreflang links (absolute, from SITE_URL, so every reader gets the same bytes) and
`{% language_switcher %}` the visible « FR · EN » links. Both depend only on the address, so
the page cache keeps them with the page.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()


def _versions(request):
    """(code, path) of this page in each language, French first."""
    return _versions_of(request.path, get_language(), get_urlconf(), get_script_prefix())


# Resolving the address and reversing it in each language costs more than the rest of both
# tags; the answer depends only on these arguments (the URL patterns are fixed), so the two
# tags of a page, and the pages read often, work it out once.
@lru_cache(maxsize=2048)
def _versions_of(path, language, urlconf, script_prefix):
    return tuple((code, translate_url(path, code)) for code, _name in settings.LANGUAGES)


@receiver(setting_changed)
def _forget_versions(**kwargs):
    _versions_of.cache_clear()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    request = context.get("request")
    if request is None:
        return ""
    versions = _versions(request)
    links = [(code, settings.SITE_URL + path) for code, path in versions]
    links.append(("x-default", settings.SITE_URL + versions[0][1]))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag(takes_context=True)
def language_switcher(context):
    request = context.get("request")
    if request is None:
        return ""
    current = get_language()
    items = []
    for code, path in _versions(request):
        info = get_language_info(code)
        # Short visible codes; screen readers hear each language's own name, in its language.
        label = format_html('<span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>',
                            code.upper(), info["name_local"].capitalize())
        if code == current:
            item = format_html('<a href="{}" lang="{}" aria-current="true">{}</a>', path, code, label)
        else:
            item = format_html('<a href="{}" lang="{}" hreflang="{}">{}</a>', path, code, code, label)
        items.append((item,))
    return format_html('<nav class="language-switcher" aria-label="{}"><ul>{}</ul></nav>',
                       _("Langue"), format_html_join("", "<li>{}</li>", items))
