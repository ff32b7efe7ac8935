"""Article pages are assembled from fragments cached per content generation: whatever
changes, the next reader sees it, with the full-page cache off."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from comments.models import Comment
from ratings.models import Rating
from comments.moderation import set_status

from ..comments_support import add_comment, post
from ..conftest import make_article, make_author, make_section

pytestmark = pytest.mark.django_db(transaction=True)  # invalidation waits for the commit


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def page(client, article, **extra):
    response = client.get(article.get_absolute_url(), **extra)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    return response.content.decode()


def test_an_edit_shows_at_once(client):
    article = make_article("Titre d'origine", body="<p>Premier jet.</p>")
    assert "Premier jet." in page(client, article)
    article.title, article.body = "Titre corrigé", "<p>Texte relu.</p>"
    article.save()
    html = page(client, article)
    assert "Titre corrigé" in html and "Texte relu." in html and "Premier jet." not in html


def test_an_authors_new_bio_and_a_renamed_section_show_on_their_articles(client):
    author = make_author("Inès Robert", short_bio="Ancienne bio.")
    section = make_section("Sciences")
    article = make_article(authors=[author], section=section)
    assert "Ancienne bio." in page(client, article)
    author.short_bio = "Nouvelle bio."
    author.save()
    section.name = "Sciences et techniques"
    section.save()
    html = page(client, article)
    assert "Nouvelle bio." in html and "Ancienne bio." not in html
    assert "Sciences et techniques" in html


def test_a_published_article_joins_its_neighbours_related_list(client):
    section = make_section("Ville")
    first = make_article("Le premier", section=section, tags=["jardins"])
    assert "Le second" not in page(client, first)
    make_article("Le second", section=section, tags=["jardins"])
    assert "Le second" in page(client, first)


def test_a_scheduled_article_joins_the_related_list_when_its_time_comes(client):
    section = make_section("Ville")
    first = make_article("Le premier", section=section, tags=["jardins"])
    go_live = timezone.now() + timedelta(hours=1)
    make_article("Le programmé", section=section, tags=["jardins"], published_at=go_live)
    assert "Le programmé" not in page(client, first)
    with freeze_time(go_live + timedelta(seconds=1)):
        assert "Le programmé" in page(client, first)


def test_an_approved_comment_shows_and_a_removed_one_goes(client):
    article = make_article()
    assert "Aucun avis pour l'instant" in page(client, article)
    comment = add_comment(article, status=Comment.Status.PENDING, body="Un avis à relire.")
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    html = page(client, article)
    assert "Un avis à relire." in html and "1 avis" in html
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.REMOVED)
    assert "Un avis à relire." not in page(client, article)


def test_a_vote_updates_the_stars_for_the_next_reader(client):
    article = make_article()
    assert "Aucune note pour l&#x27;instant" in page(client, article)
    Rating.objects.vote(article, "lecteur-1", "empreinte-1", 5)
    assert "5,0/5 (1 vote)" in page(client, article)


def test_the_poster_sees_their_pending_comment_on_their_own_page_only(client):
    article = make_article()
    shared = page(client, article)  # the thread is now cached
    response = post(client, article, body="Mon avis en attente.")
    assert response.status_code == 302
    own = client.get(response["Location"])
    assert "Mon avis en attente." in own.content.decode() and "no-store" in own["Cache-Control"]
    # The article itself did not change for anyone, the poster included.
    assert page(client, article) == shared
    assert page(client.__class__(), article) == shared


def test_fragments_off_render_the_same_page(client, settings):
    article = make_article(tags=["jardins"])
    add_comment(article, body="Un avis déjà là.")
    page(client, article)
    cached = page(client, article)
    settings.FRAGMENT_CACHE_SECONDS = 0
    assert page(client, article) == cached


def test_votes_leave_the_comment_thread_cached(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def reads_comments():
        with CaptureQueriesContext(connection) as queries:
            html = page(client, article)
        return html, any("ratings_comment" in query["sql"] for query in queries.captured_queries)

    article = make_article()
    add_comment(article, body="Un avis déjà là.")
    # The thread is stored once a render saw settled counters (on a loaded PostgreSQL the
    # comment's notification may come a moment after its commit: that render is not stored).
    for _ in range(50):
        if not reads_comments()[1]:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the comment thread was never cached")
    Rating.objects.vote(article, "lecteur-1", "empreinte-1", 4)
    html, read = reads_comments()
    assert "4,0/5 (1 vote)" in html and "Un avis déjà là." in html
    assert not read
