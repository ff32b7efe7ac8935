"""Corrections of a published article: a journalist proposes, an editor accepts or refuses;
readers see « Mis à jour le … » and the « Rectificatif », on the page (cached) and in feeds."""

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Correction

from ..conftest import make_article, text
from ..newsroom_helpers import change_url, form_data, make_editor, make_journalist, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def camille():
    return make_journalist(first_name="Camille", last_name="Durand")


@pytest.fixture
def claire():
    return make_editor(first_name="Claire", last_name="Rédac")


@pytest.fixture
def published(camille):
    return make_article("Les abeilles de Lyon", authors=[camille.author],
                        standfirst="Un chapô.", body="<p>Elles sont 30 000 sur le toit.</p>")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def propose_url(article):
    return reverse("admin:articles_article_propose_correction", args=[article.pk])


def review_url(correction):
    return reverse("admin:articles_article_review_correction",
                   args=[correction.article_id, correction.pk])


def propose(client, article, **fields):
    data = {"title": article.title, "standfirst": article.standfirst, "body": article.body,
            "note": "", **fields}
    return client.post(propose_url(article), data)


def test_a_journalist_proposes_and_the_article_waits(camille, published):
    browser = logged_in(camille)
    form = browser.get(change_url(published))
    assert "Proposer une correction" in text(form)
    assert "Elles sont 30 000" in text(browser.get(propose_url(published)))  # starts from the text
    response = propose(browser, published, body="<p>Elles sont 40 000 sur le toit.</p>",
                       note="Le nombre d'abeilles était faux.")
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.proposed_by == camille and correction.is_pending
    assert reload(published).body == "<p>Elles sont 30 000 sur le toit.</p>"
    assert "attend la décision de la rédaction en chef" in text(browser.get(change_url(published)))


def test_only_its_journalists_propose_and_only_for_a_published_article(camille, published):
    other = make_journalist()
    assert logged_in(other).get(propose_url(published)).status_code == 403
    draft = make_article(status=Article.Status.DRAFT, authors=[camille.author])
    assert logged_in(camille).get(propose_url(draft)).status_code == 403
    assert propose(logged_in(other), published, title="Pirate").status_code == 403
    assert not Correction.objects.exists()


def test_the_editor_sees_the_difference_and_accepts(camille, claire, published):
    propose(logged_in(camille), published, body="<p>Elles sont 40 000 sur le toit.</p>",
            note="Le nombre d'abeilles était faux.")
    correction = Correction.objects.get()
    editor = logged_in(claire)
    assert "Correction de Camille Durand" in text(editor.get(change_url(published)))
    page = text(editor.get(review_url(correction)))
    assert "<del>30</del>" in page and "<ins>40</ins>" in page
    assert "Le nombre d'abeilles était faux." in page

    response = editor.post(review_url(correction), {"decision": "accept",
                                                    "version": reload(published).version})
    assert response.status_code == 302
    article = reload(published)
    assert article.body == "<p>Elles sont 40 000 sur le toit.</p>"
    assert article.correction_note == "Le nombre d'abeilles était faux."
    assert article.shows_correction
    correction.refresh_from_db()
    assert correction.status == Correction.Status.ACCEPTED and correction.decided_by == claire
    [latest, *_] = Version.objects.get_for_object(published)
    assert latest.revision.user == claire and "Camille Durand" in latest.revision.comment
    # Decided once.
    editor.post(review_url(correction), {"decision": "refuse"})
    assert reload(published).body == "<p>Elles sont 40 000 sur le toit.</p>"


def test_accepting_after_the_article_changed_asks_to_look_again(camille, claire, published):
    propose(logged_in(camille), published, title="Les abeilles de Villeurbanne")
    correction = Correction.objects.get()
    seen = reload(published).version
    logged_in(claire).post(change_url(published), form_data(published, standfirst="Autre chapô."))
    response = logged_in(claire).post(review_url(correction), {"decision": "accept", "version": seen},
                                      follow=True)
    assert "modifié depuis que vous avez ouvert cette page" in text(response)
    assert reload(published).title == "Les abeilles de Lyon"


def test_a_proposal_made_before_a_later_edit_cannot_undo_it(camille, claire, published):
    """The proposal holds the whole text as the journalist saw it: accepting it after someone
    else changed the article would silently put back the old text."""
    propose(logged_in(camille), published, title="Les abeilles de Villeurbanne")
    correction = Correction.objects.get()
    logged_in(claire).post(change_url(published), form_data(published, standfirst="Autre chapô."))
    editor = logged_in(claire)
    assert "l'accepter effacerait ces changements" in text(editor.get(review_url(correction)))
    response = editor.post(review_url(correction), {"decision": "accept",
                                                    "version": reload(published).version}, follow=True)
    assert "l'accepter effacerait ces changements" in text(response)
    article = reload(published)
    assert (article.title, article.standfirst) == ("Les abeilles de Lyon", "Autre chapô.")
    assert Correction.objects.get().is_pending  # still to refuse, or to propose again


def test_the_editor_refuses(camille, claire, published):
    propose(logged_in(camille), published, title="Un autre titre")
    correction = Correction.objects.get()
    logged_in(claire).post(review_url(correction), {"decision": "refuse"})
    correction.refresh_from_db()
    assert correction.status == Correction.Status.REFUSED
    assert reload(published).title == "Les abeilles de Lyon"
    assert not reload(published).shows_correction


def test_journalists_cannot_decide(camille, published):
    propose(logged_in(camille), published, title="Mon titre")
    correction = Correction.objects.get()
    assert logged_in(camille).post(review_url(correction), {"decision": "accept"}).status_code == 403
    assert reload(published).title == "Les abeilles de Lyon"


def test_an_editor_flags_her_own_correction_for_readers(claire, published):
    editor = logged_in(claire)
    assert "Signaler la mise à jour aux lecteurs" in text(editor.get(change_url(published)))
    editor.post(change_url(published), form_data(published, body="<p>Corrigé.</p>"))
    assert not reload(published).shows_correction  # an edit alone says nothing to readers
    editor.post(change_url(published), form_data(published, mark_corrected="on",
                                                 correction_note="Une date était fausse."))
    article = reload(published)
    assert article.shows_correction and article.correction_note == "Une date était fausse."


def test_readers_see_the_update_at_once_through_the_page_cache(claire, published):
    reader = Client()
    url = published.get_absolute_url()
    assert "Mis à jour le" not in text(reader.get(url))
    cached = reader.get(url)
    assert cached["X-Page-Cache"] == "hit" and "Mis à jour le" not in text(cached)
    logged_in(claire).post(change_url(published), form_data(
        published, mark_corrected="on", correction_note="Le nombre d'abeilles était faux."))
    page = text(reader.get(url))
    assert "Mis à jour le" in page
    assert "Rectificatif : Le nombre d’abeilles était faux." in page  # typeset
    assert '<time datetime="' in page.split("Mis à jour le")[1][:40]


def test_the_feed_item_keeps_the_correction(claire, published):
    logged_in(claire).post(change_url(published), form_data(
        published, mark_corrected="on", correction_note="Le nombre d'abeilles était faux."))
    for url in ("/flux/rss/", "/flux/atom/", "/flux/rss/?complet=1"):
        feed = feedparser.parse(Client().get(url).content)
        [entry] = [e for e in feed.entries if e.title == "Les abeilles de Lyon"]
        summary = entry.summary.replace("\u00a0", " ").replace("\u202f", " ")
        assert "Mis à jour le" in summary, url
        assert "Rectificatif : Le nombre d’abeilles était faux." in summary, url


def test_an_article_never_corrected_says_nothing(published):
    page = text(Client().get(published.get_absolute_url()))
    assert "Mis à jour le" not in page and "Rectificatif" not in page
