"""Reader pages' `date` filter (core/templatetags/dates.py): Django's output, byte for byte."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from core.templatetags.dates import date

def outcome(filter_, value, fmt):
    """What the filter returns, or the error it raises (a date with an hour in its format)."""
    try:
        return filter_(value, fmt)
    except TypeError as error:
        return type(error), str(error)


PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# The formats of the reader templates, then some the filter hands to Django.
FORMATS = ["Y-m-d\\TH:i:sO", "j F Y", "j F Y à H:i", "j\\e\\r F Y à G \\h i", "d/m/Y",
           "DATE_FORMAT", "SHORT_DATETIME_FORMAT", "D j M Y P", "\\\\j j", "l", None]
ZONES = [PARIS, zoneinfo.ZoneInfo("America/St_Johns"), zoneinfo.ZoneInfo("Asia/Kolkata"),
         datetime.UTC, None]


@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime.datetime(1, 1, 1, 12),
                           max_value=datetime.datetime(9999, 12, 30)),
       zone=st.sampled_from(ZONES), fmt=st.sampled_from(FORMATS),
       language=st.sampled_from(["fr", "en"]), fold=st.sampled_from([0, 1]))
def test_same_output_as_djangos_filter(moment, zone, fmt, language, fold):
    value = moment.replace(tzinfo=zone, fold=fold)
    with translation.override(language):
        assert outcome(date, value, fmt) == outcome(django_date, value, fmt)
        assert outcome(date, value.date(), fmt) == outcome(django_date, value.date(), fmt)


@pytest.mark.parametrize("value", [
    # The hour that occurs twice when clocks go back (Django then prints no offset), the
    # hour that does not exist when they go forward, the first of the month, year 999.
    datetime.datetime(2025, 10, 26, 2, 30, tzinfo=PARIS),
    datetime.datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=PARIS),
    datetime.datetime(2025, 3, 30, 2, 30, tzinfo=PARIS),
    datetime.datetime(2026, 3, 1, 0, 5, tzinfo=PARIS),
    datetime.datetime(999, 1, 1, 9, tzinfo=datetime.UTC),
    datetime.time(10, 30), "", None, "pas une date",
])
@pytest.mark.parametrize("fmt", FORMATS)
def test_edge_cases_as_django(value, fmt):
    for language in ("fr", "en"):
        with translation.override(language):
            assert outcome(date, value, fmt) == outcome(django_date, value, fmt)


def test_templates_that_load_it_use_it_with_the_current_time_zone(settings):
    moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    source = '{{ when|date:"Y-m-d\\TH:i:sO" }} {{ when|date:"j F Y" }}'
    with translation.override("fr"), timezone.override(PARIS):
        ours = Template("{% load dates %}" + source).render(Context({"when": moment}))
        djangos = Template(source).render(Context({"when": moment}))
    assert ours == djangos == "2026-03-02T00:30:00+0100 2 mars 2026"
