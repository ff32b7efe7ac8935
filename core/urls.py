"""slug_url(), id_url() (and id_url_maker()): reverse() for the site's `<slug:slug>` and
`<int:pk>` addresses, at a fraction of its cost.

A reader page links dozens of articles, sections and authors. Django's reverse() matches the
arguments against every candidate pattern and quotes the result on each call; for one URL name
the address is always the same text around the slug (or id). That text is worked out once per name,
language, URL configuration and script prefix (what reverse() itself depends on), then the
slug is put in its place. A slug (or id) that the converter would not accept goes to reverse()
itself, which says so as it always has (NoReverseMatch).
"""

import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# django.urls.converters.SlugConverter's own pattern: nothing in it is quoted in an address.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_MARK = "slug-0000-mark"
_ID_MARK = 918273645546372819

_arounds = {}  # (name, argument, language, urlconf, script prefix) -> (before, after) or False


@receiver(setting_changed)
def _forget(**kwargs):
    _arounds.clear()


def _around(viewname, argument, mark):
    key = (viewname, argument, get_language(), get_urlconf(), get_script_prefix())
    around = _arounds.get(key)
    if around is None:
        parts = reverse(viewname, kwargs={argument: mark}).split(str(mark))
        around = _arounds[key] = tuple(parts) if len(parts) == 2 else False
    return around


def slug_url(viewname, slug):
    """reverse(viewname, kwargs={"slug": slug}), for a `<slug:slug>` address."""
    around = _around(viewname, "slug", _SLUG_MARK)
    if around and type(slug) is str and _SLUG.fullmatch(slug):
        return around[0] + slug + around[1]
    return reverse(viewname, kwargs={"slug": slug})


def id_url(viewname, pk):
    """reverse(viewname, kwargs={"pk": pk}), for an `<int:pk>` address."""
    return id_url_maker(viewname)(pk)


def id_url_maker(viewname):
    """id_url(viewname, ·) for many ids in the same request (a thread of comments): the
    language, URL configuration and script prefix are read once."""
    around = _around(viewname, "pk", _ID_MARK)

    def make(pk):
        if around and type(pk) is int and pk >= 0:
            return around[0] + str(pk) + around[1]
        return reverse(viewname, kwargs={"pk": pk})

    return make
