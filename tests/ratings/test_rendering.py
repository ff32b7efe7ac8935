"""The stars under an article and the summary a voter gets back (ratings/rendering.py),
written in Python for speed: the same bytes as the templates they replaced (below, as they
were), with and without votes, imported votes, a voter's own score, in both languages."""

import itertools
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from ratings.forms import score_choices
from ratings.models import RatingSummary
from ratings.rendering import summary_html, widget_html

SUMMARY = (
    '{% load i18n %}<p class="rating__average"><span class="visually-hidden">{% translate "Note des lecteurs\xa0:" %} </span>{{ display.label }}</p>\n'
    '{% if display.count %}<details class="rating__distribution">\n'
    '  <summary>{% translate "Détail des notes" %}</summary>\n'
    '  <table class="rating__table">\n'
    '    <caption class="visually-hidden">{% translate "Répartition des notes des lecteurs" %}</caption>\n'
    '    <tbody>\n'
    '      {% for share in display.distribution %}{% with percent_label=share.percent_label %}<tr>\n'
    '        <th scope="row">{{ share.label }}</th>\n'
    '        <td><meter class="rating__meter" min="0" max="100" value="{{ share.percent }}">{{ percent_label }}</meter></td>\n'
    '        <td class="rating__share">{{ percent_label }} ({{ share.count }})</td>\n'
    '      </tr>{% endwith %}{% endfor %}\n'
    '    </tbody>\n'
    '  </table>{% if display.imported_count %}\n'
    '  <p class="rating__imported">{{ display.imported_label }}</p>{% endif %}\n'
    '</details>{% endif %}\n'
)
WIDGET = (
    '{% load i18n %}<section class="rating" id="notes" aria-labelledby="notes-titre">\n'
    '  <h2 class="rating__title" id="notes-titre">{% translate "Ça vous a plu\xa0?" %}</h2>\n'
    '  <div class="rating__summary" data-rating-summary>{% include "summary" %}</div>\n'
    '  <form class="rating__form" method="post" action="{% url "ratings:vote" slug=article.slug %}" data-rating-form data-current="{{ own_score|default_if_none:"" }}" data-sending="{% translate "Envoi de votre note…" %}" data-error="{% translate "Votre note n\'a pas pu être enregistrée. Réessayez dans un instant." %}">\n'
    '    <fieldset class="rating__fieldset">\n'
    '      <legend class="rating__legend">{% translate "Votre note" %}</legend>\n'
    '      <div class="rating__stars">\n'
    '        {% for value, label in choices %}<input class="rating__input" type="radio" name="score" value="{{ value }}" id="note-{{ article.pk }}-{{ value }}"{% if value == own_score %} checked{% endif %} required>\n'
    '        <label class="rating__star" for="note-{{ article.pk }}-{{ value }}"><span class="rating__glyph" aria-hidden="true">★</span><span class="visually-hidden">{{ label }}</span></label>\n'
    '        {% endfor %}\n'
    '      </div>\n'
    '    </fieldset>\n'
    '    <button class="rating__submit" type="submit">{% translate "Envoyer ma note" %}</button>\n'
    '    <p class="rating__status" role="status" data-rating-status>{% if own_score %}{% blocktranslate with stars=own_label %}Votre note\xa0: {{ stars }}.{% endblocktranslate %}{% endif %}</p>\n'
    '  </form>\n'
    '</section>'
)


@pytest.fixture
def engine_templates(settings):
    options = {k: v for k, v in settings.TEMPLATES[0]["OPTIONS"].items() if k != "loaders"}
    options["loaders"] = [("django.template.loaders.locmem.Loader",
                           {"summary": SUMMARY, "widget": WIDGET})]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "APP_DIRS": False, "OPTIONS": options}]


def display(counts, imported=0, imported_total=0):
    """A summary's display with counts[s - 1] votes of s stars and `imported` votes without
    their split (adding up to `imported_total` stars)."""
    summary = RatingSummary(**{f"count_{s}": n for s, n in zip(range(1, 6), counts)})
    summary.count = sum(counts) + imported
    summary.total = sum(s * n for s, n in zip(range(1, 6), counts)) + imported_total
    summary.imported_count = imported
    return summary.display()


DISPLAYS = [display([0] * 5), display([1, 0, 0, 0, 0]), display([2, 3, 5, 7, 13]),
            display([0, 0, 1, 0, 2], imported=40, imported_total=150)]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_stars_are_the_templates_stars(engine_templates, language):
    article = SimpleNamespace(pk=42, slug="les-toits")
    with translation.override(language):
        for shown, own in itertools.product(DISPLAYS, (None, 1, 4)):
            choices = score_choices()
            label = dict(choices).get(own, "")
            context = {"article": article, "display": shown, "choices": choices,
                        "own_score": own, "own_label": label}
            expected = engines["django"].get_template("widget").render(context)
            assert widget_html(article, shown, choices, own, label) == expected, (shown, own)
            expected = engines["django"].get_template("summary").render({"display": shown})
            assert summary_html(shown) == expected


def test_the_stars_read_as_french():
    with translation.override("fr"):
        html = widget_html(SimpleNamespace(pk=7, slug="x"), DISPLAYS[2], score_choices(), 4, "4 étoiles")
    assert "Ça vous a plu\u00a0?" in html and 'action="/articles/x/noter/"' in html
    assert html.count('type="radio"') == 5 and 'value="4" id="note-7-4" checked' in html
    assert "Votre note\u00a0: 4 étoiles." in html and "3,9/5 (30 votes)" in html
