"""`{% load dates %}`: Django's `date` filter, the same output for a fraction of the cost.

A reader page shows dozens of dates (bylines, cards, comments: each a `datetime` attribute
and a visible date). Django's filter looks the format up among the format settings and
parses it on every call, then formats the date piece by piece through method lookups; here
each format is parsed once, with Django's own expressions, and its pieces are plain
functions. Loading this library in a template replaces the built-in filter of that name
there, so the templates keep writing `{{ article.published_at|date:"j F Y" }}`.

Only what reader pages use is done here: a datetime or date, and the specifiers d j m F Y
H G i s O. Anything else (a format setting's name such as "DATE_FORMAT", another
specifier, a time, an hour that occurs twice or not at all when clocks change, where
Django prints no offset) goes to Django's filter itself.
"""

import datetime

from django import template
from django.conf import settings
from django.template.defaultfilters import date as django_date
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS
from django.utils import timezone
from django.utils.formats import FORMAT_SETTINGS

register = template.Library()


def _offset(value):
    """Django's "O" (+0100), for an aware datetime whose hour is not ambiguous."""
    seconds = int(value.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return "%s%02d%02d" % (sign, seconds // 3600, (seconds // 60) % 60)


# Each as django.utils.dateformat.DateFormat writes it.
_SPECIFIERS = {
    "d": lambda v: "%02d" % v.day,
    "j": lambda v: str(v.day),
    "m": lambda v: "%02d" % v.month,
    "F": lambda v: str(MONTHS[v.month]),  # translated: « mars », "March"
    "Y": lambda v: "%04d" % v.year,
    "H": lambda v: "%02d" % v.hour,
    "G": lambda v: str(v.hour),
    "i": lambda v: "%02d" % v.minute,
    "s": lambda v: "%02d" % v.second,
    "O": _offset,
}
_TIME_SPECIFIERS = {"H", "G", "i", "s", "O"}

_formats = {}  # format -> (pieces, needs a datetime, shows the offset), or None: Django's


def _parse(fmt):
    """The format's pieces as DateFormat.format() splits it: literal strings (escapes
    removed) and specifier functions."""
    if not isinstance(fmt, str) or fmt in FORMAT_SETTINGS:
        return None
    pieces, specifiers = [], set()
    for i, piece in enumerate(re_formatchars.split(fmt)):
        if i % 2:
            if piece not in _SPECIFIERS:
                return None
            specifiers.add(piece)
            pieces.append(_SPECIFIERS[piece])
        elif piece:
            pieces.append(re_escaped.sub(r"\1", piece))
    return tuple(pieces), bool(specifiers & _TIME_SPECIFIERS), "O" in specifiers


def localtime(value):
    """What the template engine hands a filter declared `expects_localtime` (the current time
    zone's time), for code that calls the filter itself (articles/templatetags/cards.py)."""
    if settings.USE_TZ and isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _ambiguous_or_imaginary(value):
    """django.utils.timezone's test: the same wall time exists twice or not at all."""
    tz = value.tzinfo
    return tz.utcoffset(value.replace(fold=not value.fold)) != tz.utcoffset(value)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Format a date like Django's `date` filter (see the module's docstring)."""
    if value in (None, "") or arg is None:
        return django_date(value, arg)
    try:
        parsed = _formats[arg]
    except KeyError:
        parsed = _formats[arg] = _parse(arg)
    except TypeError:  # not hashable: Django says what it makes of it
        parsed = None
    if parsed is None:
        return django_date(value, arg)
    pieces, needs_time, shows_offset = parsed
    kind = type(value)
    if kind is not datetime.datetime and (needs_time or kind is not datetime.date):
        return django_date(value, arg)
    if shows_offset and (value.tzinfo is None or _ambiguous_or_imaginary(value)):
        return django_date(value, arg)
    return "".join(piece if type(piece) is str else piece(value) for piece in pieces)
