"""The article form's shape: the headline, the standfirst and the text in the main column, with
the word count, the reading time and the preview above them; publication, cover, bylines,
readers and referencing after them, in a side column; the editor in French."""

import json
import re

import pytest
from django.urls import reverse

from articles.models import READING_WORDS_PER_MINUTE, Article

from ..conftest import make_article, make_author, text
from ..newsroom_helpers import add_url, change_url, make_journalist

pytestmark = pytest.mark.django_db


def columns(page):
    main = page.split('class="article-form__main"', 1)[1].split('class="article-form__side"', 1)
    return main[0], main[1].split('class="submit-row"', 1)[0]


def test_add_form_puts_the_text_first_and_the_settings_beside(client):
    client.force_login(make_journalist())
    page = text(client.get(add_url()))
    assert re.search(r"<h1>Nouvel article</h1>", page)
    main, side = columns(page)
    positions = [main.index(f'id="id_{name}"') for name in ("title", "standfirst", "body")]
    assert positions == sorted(positions)
    for name in ("slug", "section", "tags", "cover_image", "seo_title"):
        assert f'id="id_{name}"' not in main and f'id="id_{name}"' in side, name
    order = [side.index(marker) for marker in ("field-status_column", "field-section", "field-tags",
                                               "field-cover_image", 'id="bylines-group"',
                                               "field-allow_comments", "field-seo_title")]
    assert order == sorted(order)
    assert 'aria-label="Texte de l\'article"' in page and 'aria-label="Publication et réglages"' in page
    # No preview before the first save, said where it will be; the count starts empty.
    assert "L'aperçu sera possible après le premier enregistrement." in main
    assert re.search(r'id="article-stats"[^>]*>0 mots? · 1 min de lecture</p>', main)
    assert f'data-words-per-minute="{READING_WORDS_PER_MINUTE}"' in main
    assert 'class="coediting"' in page  # the co-editing notices, inside the form, at its top


def test_change_form_counts_the_saved_text_and_offers_the_preview(client):
    author = make_author()
    article = make_article("Les toits deviennent des potagers", status=Article.Status.DRAFT,
                           authors=[author], body="<p>" + " ".join(["potager"] * 450) + "</p>")
    journalist = make_journalist()
    article.bylines.create(author=journalist.author, position=1)
    client.force_login(journalist)
    page = text(client.get(change_url(article)))
    main, side = columns(page)
    assert re.search(r"<h1>Modifier l'article</h1>", page)
    assert "<h2>Les toits deviennent des potagers</h2>" not in page  # the headline is the field
    assert re.search(r'id="article-stats"[^>]*>450 mots · 2 min de lecture</p>', main)
    preview = reverse("admin:articles_article_preview", args=[article.pk])
    assert re.search(rf'<a class="button article-form__preview" href="{preview}" target="_blank"', main)
    # Each byline headed in French, its order in its own field.
    assert re.search(r"<b>Signature :</b> <span class=\"inline_label\">" + re.escape(author.name), side)
    assert f"{author.name} (0)" not in page


def test_the_body_editor_loads_its_french_labels(client):
    client.force_login(make_journalist())
    page = client.get(add_url()).content.decode()
    config = json.loads(re.search(r'data-django-prose-editor-configurable="([^"]+)"', page)
                        .group(1).replace("&quot;", '"'))
    assert "FrenchLabels" in config["extensions"]
    assert any(module.endswith("media_library/editor-fr.js") for module in config["js_modules"])
    # The form's own script and styles are files (the CSP allows no inline ones).
    assert re.search(r'<script src="/static/articles/admin/article-form.js"', page)
    assert 'href="/static/articles/admin/article-form.css"' in page
