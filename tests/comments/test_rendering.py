"""A comment's HTML (comments/rendering.py), written in Python for speed: the same bytes as
the template it replaced (below, as it was), approved or waiting, top-level with replies or a
reply, comments open or closed, in both languages, with hostile names, and
just posted (no replies read with it)."""

import itertools
from datetime import datetime, timezone as dt_timezone
from types import SimpleNamespace

import pytest
from django import template
from django.template import engines
from django.utils import translation

from comments.rendering import comment_html, comment_date

# The reference template's `comment_date` filter: the one the template loaded before.
register = template.Library()
register.filter("comment_date", comment_date)

COMMENT = (
'{% load dates i18n typography reference_dates %}<li class="comment{% if comment.parent_id %} comment--reply{% endif %}{% if not comment.is_approved %} comment--pending{% endif %}" id="avis-{{ comment.pk }}">\n'
'  <article class="comment__inner" aria-label="{% blocktranslate with name=comment.name %}Avis de {{ name }}{% endblocktranslate %}">\n'
'    <header class="comment__meta">\n'
'      <span class="comment__author">{{ comment.name|typo }}</span>\n'
'      <time class="comment__date" datetime="{{ comment.created_at|date:"Y-m-d\\TH:i:sO" }}">{{ comment.created_at|comment_date }}</time>\n'
'      {% if not comment.is_approved %}<strong class="comment__pending">{% translate "en attente de modération" %}</strong>{% endif %}\n'
'    </header>\n'
'    <div class="comment__body">{{ comment.body_html|safe }}</div>\n'
'    {% if comment.is_approved %}<p class="comment__actions">{% if comments_open %}<a class="comment__reply" href="?repondre={{ comment.pk }}#publiez-votre-avis" data-reply-to="{{ comment.parent_id|default:comment.pk }}" data-reply-name="{{ comment.name }}">{% translate "Répondre" %}<span class="visually-hidden"> {% blocktranslate with name=comment.name|typo %}à {{ name }}{% endblocktranslate %}</span></a>{% endif %}\n'
'      <a class="comment__report" href="{% url "comments:report" comment.pk %}" rel="nofollow">{% translate "Signaler cet avis" %}<span class="visually-hidden"> {% blocktranslate with name=comment.name|typo %}de {{ name }}{% endblocktranslate %}</span></a></p>{% endif %}\n'
'  </article>\n'
'  {% if not comment.parent_id %}<ol class="comment__replies" data-replies>{% for reply in comment.visible_replies %}{% include "comment" with comment=reply %}{% endfor %}</ol>{% endif %}\n'
'</li>\n'
)


@pytest.fixture
def engine_templates(settings):
    options = {k: v for k, v in settings.TEMPLATES[0]["OPTIONS"].items() if k != "loaders"}
    options["loaders"] = [("django.template.loaders.locmem.Loader", {"comment": COMMENT})]
    options["libraries"] = {**options.get("libraries", {}), "reference_dates": __name__}
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "APP_DIRS": False, "OPTIONS": options}]


NAMES = ["Léa", "Jo <script>alert(1)</script> & « Co »", 'Jean "Jo" O\'Brien', "100 % d'accord"]


def comment(pk, *, parent_id=None, approved=True, replies=(), day=14):
    return SimpleNamespace(
        pk=pk, parent_id=parent_id, is_approved=approved, name=NAMES[pk % len(NAMES)],
        created_at=datetime(2026, 11, day, 13, 5, tzinfo=dt_timezone.utc),
        body_html=f"<p>Avis n°{pk} : <em>très</em> bien.</p>", visible_replies=list(replies))


COMMENTS = [
    comment(1),
    comment(2, approved=False, day=1),
    comment(3, replies=[comment(4, parent_id=3), comment(5, parent_id=3, approved=False, day=1),
                        comment(6, parent_id=3)]),
    comment(7, parent_id=3),
    SimpleNamespace(**{k: v for k, v in vars(comment(8)).items() if k != "visible_replies"}),
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_comment_is_the_templates_comment(engine_templates, language):
    reference = engines["django"].get_template("comment")
    with translation.override(language):
        for item, is_open in itertools.product(COMMENTS, (True, False)):
            expected = reference.render({"comment": item, "comments_open": is_open})
            assert comment_html(item, is_open) == expected, (item.pk, is_open)


def test_a_comment_reads_as_french():
    with translation.override("fr"):
        html = comment_html(COMMENTS[2], comments_open=True)
    assert html.count('<li class="comment') == 4 and html.count("comment--reply") == 3
    assert ">14 novembre 2026 à 14 h 05</time>" in html and ">1er novembre 2026 à 14 h 05</time>" in html
    assert "en attente de modération" in html and "<script>" not in html
    assert 'href="/avis/4/signaler/"' in html and 'data-reply-to="3"' in html
