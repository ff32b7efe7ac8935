"""The newsroom's dashboard on the admin home, per role; « Renvoyer avec une note »; the lists
that open on what waits (comments « En attente », a journalist's own work first)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from articles import workflow
from articles.models import Article
from comments.models import Comment

from ..comments_support import add_comment
from ..conftest import make_article
from ..newsroom_helpers import change_url, make_editor, make_journalist, reload

pytestmark = pytest.mark.django_db

Status = Article.Status
HOME = "/admin/"
PARIS = ZoneInfo("Europe/Paris")
# A Wednesday morning.
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=PARIS)


def section_of(html, anchor):
    """The dashboard block with id `anchor` (up to the next block)."""
    match = re.search(rf'id="{anchor}".*?(?=<div class="module|</section>)', html, re.S)
    assert match, f"no block {anchor}"
    return match.group()


@pytest.fixture
def journalist():
    return make_journalist()


@pytest.fixture
def editor():
    return make_editor()


@freeze_time(NOW)
def test_editor_sees_the_review_queue_held_comments_and_the_weeks_schedule(
        client, editor, journalist):
    waiting = make_article("Les abeilles des toits", status=Status.REVIEW,
                           authors=[journalist.author])
    make_article("Un brouillon de quelqu'un", status=Status.DRAFT)
    tonight = make_article("Ce soir", published_at=NOW.replace(hour=18))
    this_morning = make_article("Ce matin", published_at=NOW.replace(hour=7))
    friday = make_article("Vendredi", published_at=NOW + timedelta(days=2))
    monday = make_article("Lundi prochain", published_at=NOW + timedelta(days=5))
    later = make_article("Dans dix jours", published_at=NOW + timedelta(days=10))
    held = add_comment(this_morning, status=Comment.Status.PENDING, body="Je ne suis pas d'accord.")
    add_comment(this_morning, body="Déjà publié.")

    client.force_login(editor)
    html = client.get(HOME).content.decode()

    review = section_of(html, "newsroom-review")
    assert "(1)" in review and f'href="{change_url(waiting)}"' in review
    assert "Un brouillon" not in html  # a draft waits for nobody but its writer
    assert f'href="/admin/articles/article/{waiting.pk}/renvoyer/"' in review
    comments = section_of(html, "newsroom-held")
    assert "(1)" in comments and f'href="/admin/comments/comment/{held.pk}/change/"' in comments
    assert "Déjà publié" not in comments
    today = section_of(html, "newsroom-today")
    assert "Ce matin" in today and "Ce soir" in today and "Programmé pour le" in today
    assert f'href="{change_url(tonight)}"' in today
    week = section_of(html, "newsroom-week")
    # The seven days after today, whatever the weekday.
    assert f'href="{change_url(friday)}"' in week and f'href="{change_url(monday)}"' in week
    assert "Ce soir" not in week and later.title not in html
    # Counters link to the full lists; Django's own home stays below.
    assert 'href="/admin/articles/article/?statut=review"' in html
    assert 'href="/admin/comments/comment/?status__exact=pending"' in html
    assert 'href="/admin/articles/article/calendrier/"' in html
    assert 'id="recent-actions-module"' in html and "app-articles" in html


def test_journalist_sees_drafts_returns_with_the_note_review_and_published(
        client, editor, journalist):
    author = journalist.author
    draft = make_article("Mon brouillon", status=Status.DRAFT, authors=[author])
    sent_back = make_article("À reprendre", status=Status.DRAFT, authors=[author])
    workflow.perform(journalist, sent_back.pk, "submit")
    workflow.perform(editor, sent_back.pk, "to_draft", note="Le chapô est trop long.")
    in_review = make_article("En attente de relecture", status=Status.REVIEW, authors=[author])
    withdrawn = make_article("Retiré par moi", status=Status.DRAFT, authors=[author])
    workflow.perform(journalist, withdrawn.pk, "submit")
    workflow.perform(journalist, withdrawn.pk, "to_draft")  # their own step: not a return
    published = make_article("Déjà en ligne", authors=[author])
    old = make_article("Il y a longtemps", authors=[author],
                       published_at=timezone.now() - timedelta(days=90))
    make_article("Brouillon d'un collègue", status=Status.DRAFT)
    held = make_article("Article d'un autre", status=Status.REVIEW)

    client.force_login(journalist)
    html = client.get(HOME).content.decode()

    returned = section_of(html, "newsroom-returned")
    assert f'href="{change_url(sent_back)}"' in returned
    assert "Le chapô est trop long." in returned and editor.get_full_name() in returned
    drafts = section_of(html, "newsroom-drafts")
    assert f'href="{change_url(draft)}"' in drafts and f'href="{change_url(withdrawn)}"' in drafts
    assert "À reprendre" not in drafts
    assert f'href="{change_url(in_review)}"' in section_of(html, "newsroom-review")
    recent = section_of(html, "newsroom-published")
    assert f'href="{change_url(published)}"' in recent and old.title not in recent
    # Nothing of anyone else's, and no editor's block.
    assert "Brouillon d&#x27;un collègue" not in html and held.title not in html
    assert "newsroom-held" not in html and "renvoyer/" not in html
    assert "app-articles" in html  # Django's home is still there


def test_staff_without_a_newsroom_role_get_djangos_home(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("stagiaire", is_staff=True)
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200 and "newsroom-dashboard" not in response.content.decode()


@freeze_time(NOW)
def test_the_dashboard_reads_the_same_queries_for_many_articles(
        client, editor, journalist, django_assert_max_num_queries):
    def add(count):
        for n in range(count):
            article = make_article(f"À relire {n}", status=Status.REVIEW,
                                   authors=[journalist.author])
            # Later today, then tomorrow morning: every list has rows from the start.
            make_article(f"Programmé {n}", published_at=NOW + timedelta(hours=6 + 12 * (n % 4)),
                         authors=[journalist.author])
            make_article(f"Brouillon {n}", status=Status.DRAFT, authors=[journalist.author])
            add_comment(article, status=Comment.Status.PENDING)

    add(2)
    for user in (editor, journalist):
        client.force_login(user)
        client.get(HOME)  # content types, sessions: what a first request caches
        with django_assert_max_num_queries(40) as few:
            assert client.get(HOME).status_code == 200
        budget = len(few.captured_queries)
        add(15)
        with django_assert_max_num_queries(budget):
            assert client.get(HOME).status_code == 200


# --- « Renvoyer avec une note » -----------------------------------------------------------------

def test_editor_sends_an_article_back_with_a_note(
        client, editor, journalist, settings, django_capture_on_commit_callbacks):
    journalist.email = "camille@lemagazine.example"
    journalist.save()
    article = make_article("Les abeilles", status=Status.REVIEW, authors=[journalist.author])
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/renvoyer/"
    page = client.get(url).content.decode()
    assert "Note pour l’auteur" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Sourcez le chiffre du deuxième paragraphe."})
    assert response.status_code == 302 and response.url == HOME
    assert reload(article).status == Status.DRAFT
    assert "Sourcez le chiffre du deuxième paragraphe." in mail.outbox[0].body
    assert mail.outbox[0].to == ["camille@lemagazine.example"]
    client.force_login(journalist)
    returned = section_of(client.get(HOME).content.decode(), "newsroom-returned")
    assert "Sourcez le chiffre du deuxième paragraphe." in returned


def test_only_editors_send_back_and_only_what_is_in_review(client, editor, journalist):
    article = make_article("Les abeilles", status=Status.REVIEW, authors=[journalist.author])
    url = f"/admin/articles/article/{article.pk}/renvoyer/"
    client.force_login(journalist)
    assert client.post(url, {"note": "Je me renvoie."}).status_code == 403
    assert reload(article).status == Status.REVIEW
    client.force_login(editor)
    published = make_article("En ligne")
    response = client.post(f"/admin/articles/article/{published.pk}/renvoyer/", {"note": "x"},
                           follow=True)
    assert reload(published).status == Status.PUBLISHED
    assert "Impossible depuis le statut" in response.content.decode()
    assert client.get("/admin/articles/article/999999/renvoyer/").status_code == 404
    assert client.get("/admin/articles/article/pas-un-nombre/renvoyer/").status_code == 404


# --- lists ------------------------------------------------------------------------------------

def test_the_comment_queue_opens_on_pending_and_all_stays_a_click_away(client, editor):
    article = make_article("Un article")
    add_comment(article, status=Comment.Status.PENDING, body="J'attends.")
    add_comment(article, body="Déjà visible.")
    client.force_login(editor)
    html = client.get("/admin/comments/comment/").content.decode()
    assert "J&#x27;attends." in html and "Déjà visible." not in html
    assert re.search(r'<li class="selected">\s*<a href="\?status__exact=pending"', html)
    assert 'href="?status__exact=tout"' in html
    html = client.get("/admin/comments/comment/", {"status__exact": "tout"}).content.decode()
    assert "J&#x27;attends." in html and "Déjà visible." in html
    # One article's comments (the article list's « avis » link): all of them.
    html = client.get("/admin/comments/comment/",
                      {"article__id__exact": article.pk}).content.decode()
    assert "Déjà visible." in html
    assert client.get("/admin/comments/comment/", {"status__exact": "n'importe"}).status_code == 200


def test_a_journalists_list_starts_with_their_pieces_in_review_then_drafts(client, journalist):
    author = journalist.author
    make_article("Publié hier", published_at=timezone.now() - timedelta(days=1), authors=[author])
    make_article("Publié par un autre")
    make_article("Mon brouillon", status=Status.DRAFT, authors=[author])
    make_article("Ma relecture", status=Status.REVIEW, authors=[author])
    client.force_login(journalist)
    html = client.get("/admin/articles/article/").content.decode()
    titles = re.findall(r'<th class="field-title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles[:2] == ["Ma relecture", "Mon brouillon"]
    assert set(titles[2:]) == {"Publié hier", "Publié par un autre"}
    # Sorting by a column still works.
    assert client.get("/admin/articles/article/", {"o": "1"}).status_code == 200
