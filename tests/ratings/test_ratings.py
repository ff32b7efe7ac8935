"""Reader star ratings: one vote per reader, exact totals, French everywhere, nothing stored on
bad input."""

import json
import random
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from freezegun import freeze_time

from articles.models import Article
from ratings.models import Rating, RatingSummary

from ..conftest import counter_moves, make_article, reader_client, text

pytestmark = pytest.mark.django_db

ORIGIN_IP = "203.0.113.7"


def vote_url(article):
    return f"/articles/{article.slug}/noter/"


def vote(client, article, score, ip=ORIGIN_IP, **extra):
    data = {} if score is None else {"score": score}
    return client.post(vote_url(article), data, REMOTE_ADDR=ip, **extra)


def vote_json(client, article, score, ip=ORIGIN_IP):
    """What rating.js sends: JSON, asking for JSON."""
    data = {} if score is None else {"score": score}
    return client.post(vote_url(article), json.dumps(data), content_type="application/json",
                       REMOTE_ADDR=ip, HTTP_ACCEPT="application/json")


def summary_of(article):
    return RatingSummary.objects.get(article=article)


@pytest.fixture
def article():
    return make_article("Les toits deviennent des potagers")


# --- Voting ---------------------------------------------------------------------------------


def test_vote_without_js_redirects_to_the_widget_with_a_french_confirmation(client, article, settings):
    response = vote(client, article, 4)
    assert response.status_code == 302
    assert response["Location"].startswith(article.get_absolute_url() + "?merci=")
    assert response["Location"].endswith("#notes")

    cookie = response.cookies[settings.READER_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    rating = Rating.objects.get()
    assert rating.score == 4 and rating.article == article
    assert rating.reader_id and rating.reader_id in cookie.value  # signed value holds the id
    assert re.fullmatch(r"[0-9a-f]{64}", rating.ip_hash) and ORIGIN_IP not in rating.ip_hash

    own = client.get(response["Location"], REMOTE_ADDR=ORIGIN_IP)
    page = text(own)
    assert "Merci ! Votre note : 4 étoiles sur 5." in page
    assert "4,0/5 (1 vote)" in page
    assert re.search(r'value="4" id="note-\d+-4" checked', page)
    # Their page alone: kept by no cache, indexed by no search engine.
    assert "no-store" in own["Cache-Control"] and "private" in own["Cache-Control"]
    assert own["X-Robots-Tag"] == "noindex" and '<meta name="robots" content="noindex">' in page
    assert "X-Page-Cache" not in own


def test_revote_changes_the_score_and_never_adds_a_vote(client, article):
    vote(client, article, 5)
    response = vote(client, article, 2, follow=True)
    assert "Votre note est modifiée : 2 étoiles sur 5." in text(response)
    assert Rating.objects.count() == 1 and Rating.objects.get().score == 2
    summary = summary_of(article)
    assert (summary.count, summary.total, summary.count_5, summary.count_2) == (1, 2, 0, 1)

    response = vote(client, article, 2, follow=True)
    assert "Votre note reste de 2 étoiles sur 5." in text(response)
    assert (summary_of(article).count, summary_of(article).total) == (1, 2)


def test_a_second_browser_on_the_same_network_is_a_second_reader(article):
    vote(reader_client(), article, 5)
    vote(reader_client(), article, 3)
    summary = summary_of(article)
    assert (summary.count, summary.total, summary.count_5, summary.count_3) == (2, 8, 1, 1)
    assert summary.display().label == "4,0/5 (2 votes)"
    assert Rating.objects.values("ip_hash").distinct().count() == 1


def test_coming_back_the_voter_gets_the_shared_page_and_asks_for_their_vote(client, article):
    vote(client, article, 3)
    # The page is the one every reader gets: the total, no star checked, no cookie set.
    mine, other = client.get(article.get_absolute_url()), Client().get(article.get_absolute_url())
    assert mine.content == other.content and not mine.cookies
    assert "3,0/5 (1 vote)" in text(mine) and " checked" not in text(mine)
    # rating.js asks for the reader's own vote (they have voted before): never cached.
    state = client.get(f"/articles/{article.slug}/lecteur/")
    assert state.json()["vote"] == 3
    assert state.json()["vote_message"] == "Votre note\u00a0: 3 étoiles sur 5."
    assert "no-store" in state["Cache-Control"] and "private" in state["Cache-Control"]
    assert Client().get(f"/articles/{article.slug}/lecteur/").json()["vote"] is None


def test_js_vote_answers_json_with_the_new_summary(client, article):
    vote(reader_client(), article, 5)
    response = vote_json(client, article, 4)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["score"] == 4
    assert data["message"] == "Merci\u00a0! Votre note\u00a0: 4 étoiles sur 5."
    assert data["summary"]["count"] == 2 and data["summary"]["average_label"] == "4,5"
    assert data["summary"]["label"] == "4,5/5 (2 votes)"
    assert "4,5/5 (2 votes)" in data["summary_html"]
    assert client.cookies["lecteur"].value  # the JS voter gets the reader cookie too


def test_every_vote_tells_caches_the_article_changed(client, article):
    moved = counter_moves()
    vote(client, article, 4)
    vote(client, article, 4)  # same score again: nothing changed, nothing to drop
    vote(client, article, 1)
    vote(client, article, 9)  # refused
    # The stars of this article and the ranking; its text and comments stay cached.
    assert moved() == {f"ratings:{article.pk}": 2, "ranking": 2}


def test_cached_article_page_shows_the_new_total_after_a_vote(article):
    reader = Client()
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    voter = reader_client()
    vote(voter, article, 5)
    # Everyone, the voter too: the vote made the cached copy stale.
    fresh = reader.get(article.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss" and "5,0/5 (1 vote)" in text(fresh)
    own = voter.get(article.get_absolute_url())
    assert own["X-Page-Cache"] == "hit" and own.content == fresh.content


# --- Abuse and bad input --------------------------------------------------------------------


@freeze_time("2026-11-28 10:20:00")  # well inside one rate-limit window
def test_rate_limit_per_network_answers_429_in_french(settings):
    settings.RATINGS_VOTES_PER_HOUR = 3
    # An address of its own: counters live in the shared cache (Redis in CI's third pass).
    ip = f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"
    articles = [make_article() for _ in range(4)]
    for article in articles[:3]:
        assert vote(reader_client(), article, 5, ip=ip).status_code == 302
    response = vote(reader_client(), articles[3], 5, ip=ip)
    assert response.status_code == 429
    assert "Trop de votes depuis votre connexion" in text(response)
    assert 0 < int(response["Retry-After"]) <= 3600
    assert not Rating.objects.filter(article=articles[3]).exists()
    assert "lecteur" not in response.cookies
    # JSON clients get the same refusal as JSON; another network is not affected.
    assert vote_json(reader_client(), articles[3], 5, ip=ip).json()["error"].startswith("Trop de votes")
    assert vote(reader_client(), articles[3], 5, ip="198.51.100.20").status_code == 302


def test_dropping_the_cookie_to_vote_again_is_capped_per_network(settings, article):
    settings.RATINGS_MAX_READERS_PER_IP = 2
    first, second = reader_client(), reader_client()
    assert vote(first, article, 5).status_code == 302
    assert vote(second, article, 5).status_code == 302
    response = vote(reader_client(), article, 5)
    assert response.status_code == 429
    assert "Trop de lecteurs ont déjà noté cet article depuis votre connexion" in text(response)
    assert summary_of(article).count == 2
    # Readers already counted may still change their vote; other articles and networks are open.
    assert vote(first, article, 1).status_code == 302
    assert vote(reader_client(), make_article(), 4).status_code == 302
    assert vote(reader_client(), article, 4, ip="198.51.100.20").status_code == 302
    summary = summary_of(article)
    assert (summary.count, summary.total) == (3, 10)


@pytest.mark.parametrize("score", [None, "", "0", "6", "-1", "4.5", "quatre", "5 étoiles"])
def test_invalid_scores_are_refused_in_french_and_nothing_is_stored(client, article, score):
    response = vote(client, article, score)
    assert response.status_code == 400
    assert "Choisissez une note de 1 à 5 étoiles." in text(response)
    assert "lecteur" not in response.cookies
    assert not Rating.objects.exists() and not RatingSummary.objects.exists()
    assert vote_json(client, article, score).json() == {
        "ok": False, "error": "Choisissez une note de 1 à 5 étoiles."}


def test_unknown_unpublished_and_closed_articles_cannot_be_rated(client):
    later = timezone.now() + timedelta(days=1)
    unpublished = [
        make_article(status=Article.Status.DRAFT),
        make_article(status=Article.Status.REVIEW),
        make_article(status=Article.Status.ARCHIVED),
        make_article(published_at=later),  # scheduled
    ]
    for article in unpublished:
        response = vote(client, article, 5)
        assert response.status_code == 404, article.status
        assert "Cet article n'existe pas ou n'est plus publié." in text(response)
    response = client.post("/articles/inexistant/noter/", {"score": 5})
    assert response.status_code == 404

    closed = make_article(allow_ratings=False)
    response = vote(client, closed, 5)
    assert response.status_code == 404
    assert "Les notes sont fermées pour cet article." in text(response)
    assert vote_json(client, closed, 5).status_code == 404
    assert not Rating.objects.exists() and not RatingSummary.objects.exists()


def test_get_on_the_vote_url_is_405_in_french(client, article):
    response = client.get(vote_url(article))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "On note un article avec le formulaire sous l'article." in response.content.decode()


def test_a_vote_from_another_site_is_refused(article):
    """A page elsewhere that makes its visitors vote: browsers say where the form comes from."""
    for headers in ({"HTTP_SEC_FETCH_SITE": "cross-site"},
                    {"HTTP_ORIGIN": "https://autre-site.example"},
                    {"HTTP_REFERER": "https://autre-site.example/piege.html"}):
        response = vote(Client(enforce_csrf_checks=True), article, 5, **headers)
        assert response.status_code == 403, headers
        assert "ne peut être envoyé que depuis une page du Magazine" in text(response)
        assert "lecteur" not in response.cookies
    assert not Rating.objects.exists()


def test_a_reader_id_believed_new_but_already_voting_is_a_revote(article):
    Rating.objects.vote(article, "deja-vu", "h", 5)
    _rating, previous = Rating.objects.vote(article, "deja-vu", "h", 3, new_reader=True)
    assert previous == 5
    summary = summary_of(article)
    assert (summary.count, summary.total, summary.count_5, summary.count_3) == (1, 3, 0, 1)


def test_database_enforces_one_row_per_reader_and_scores_1_to_5(article):
    from django.db import IntegrityError, transaction

    Rating.objects.create(article=article, reader_id="abc", ip_hash="h", score=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(article=article, reader_id="abc", ip_hash="h", score=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(article=article, reader_id="xyz", ip_hash="h", score=0)
    with pytest.raises(ValueError):
        Rating.objects.vote(article, "xyz", "h", 6)


# --- The widget ------------------------------------------------------------------------------


def test_widget_is_an_accessible_form_that_works_without_javascript(client, article):
    page = text(client.get(article.get_absolute_url()))
    start = page.index('<section class="rating"')
    widget = page[start:page.index("</section>", start)]
    assert "Ça vous a plu ?" in widget
    assert f'action="/articles/{article.slug}/noter/"' in widget and 'method="post"' in widget
    assert 'name="csrfmiddlewaretoken"' not in widget  # the same bytes for every reader
    assert "<fieldset" in widget and "<legend" in widget and "Votre note" in widget
    assert widget.count('type="radio" name="score"') == 5
    for label in ["1 étoile sur 5", "2 étoiles sur 5", "3 étoiles sur 5", "4 étoiles sur 5",
                  "5 étoiles sur 5"]:
        assert label in widget
    assert re.search(r'<input [^>]*id="note-\d+-5"[^>]*>\s*<label [^>]*for="note-\d+-5"', widget)
    assert '<button class="rating__submit" type="submit">Envoyer ma note</button>' in widget
    assert 'role="status"' in widget
    assert "Aucune note pour l'instant" in widget
    # Enhancement and styles come from files: no inline script or style (strict CSP later).
    assert '<script src="/static/js/rating.js" defer></script>' in page
    assert 'href="/static/css/site.css"' in page  # the widget's styles live in the site's stylesheet
    assert "<script>" not in page and "style=" not in page and "<style" not in page
    # The widget sits after the article's text and tags, before the bio boxes.
    assert page.index("article__body") < page.index('class="rating"') < page.index("article__authors")


def test_no_widget_when_ratings_are_off(client):
    article = make_article(allow_ratings=False)
    page = text(client.get(article.get_absolute_url()))
    assert "Ça vous a plu" not in page and 'name="score"' not in page


def test_widget_shows_the_distribution(client, article):
    for score in [5, 5, 5, 4, 1]:
        vote(reader_client(), article, score)
    page = text(client.get(article.get_absolute_url()))
    assert "4,0/5 (5 votes)" in page
    assert "Détail des notes" in page
    assert re.search(r"5 étoiles sur 5</th>\s*<td><meter[^>]*value=\"60\"", page)
    assert "60 % (3)" in page and "20 % (1)" in page and "0 % (0)" in page


def test_widget_costs_at_most_two_queries(client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(target):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(target.get_absolute_url()).status_code == 200
        return len(captured)

    vote(client, article, 4)  # a returning reader: summary and own vote
    without_widget = queries(make_article(allow_ratings=False))
    assert queries(article) <= without_widget + 2


def test_english_page_formats_the_average_the_english_way(client, article):
    vote(reader_client(), article, 5)
    vote(reader_client(), article, 4)
    assert "4.5/5" in text(client.get("/en" + article.get_absolute_url()))


# --- Summary display: the one place that formats ---------------------------------------------


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


def summary(**counts):
    values = {f"count_{s}": counts.get(f"c{s}", 0) for s in range(1, 6)}
    count = sum(values.values())
    total = sum(s * values[f"count_{s}"] for s in range(1, 6))
    return RatingSummary(count=count, total=total, **values)


def test_display_rounds_to_one_decimal_in_french_with_plurals(french):
    display = summary(c5=21, c4=6, c3=3).display()  # 138 / 30 = 4,6
    assert (display.average_label, display.count_label, display.label) == (
        "4,6", "30 votes", "4,6/5 (30 votes)")
    assert summary(c5=1).display().label == "5,0/5 (1 vote)"
    assert summary(c4=3, c5=1).display().average_label == "4,3"  # 4,25 rounds half up
    assert summary().display().label == "Aucune note pour l'instant"
    big = summary(c5=1234).display()
    assert big.count_label.replace("\u00a0", " ").replace("\u202f", " ") == "1 234 votes"


def test_distribution_percentages_add_up_to_100(french):
    display = summary(c5=1, c4=1, c3=1).display()
    assert [share.stars for share in display.distribution] == [5, 4, 3, 2, 1]
    assert sum(share.percent for share in display.distribution) == 100
    assert [share.percent for share in display.distribution] == [34, 33, 33, 0, 0]
    assert display.as_dict()["distribution"][0] == {"stars": 5, "count": 1, "percent": 34}
    assert [s.percent for s in summary(c5=2, c1=1).display().distribution] == [67, 0, 0, 0, 33]


def test_aggregate_rating_is_off_by_default_and_exact_when_on(settings, article, french):
    from ratings.structured_data import aggregate_rating

    for score in [5, 4, 5]:
        vote(reader_client(), article, score)
    assert settings.RATINGS_IN_JSONLD is False
    assert aggregate_rating(article) is None
    settings.RATINGS_IN_JSONLD = True
    assert aggregate_rating(article) == {
        "@type": "AggregateRating", "ratingValue": "4.7", "bestRating": "5", "worstRating": "1",
        "ratingCount": 3}
    assert aggregate_rating(make_article()) is None  # no votes yet


def test_recompute_command_repairs_a_summary_from_the_votes(article):
    from io import StringIO

    from django.core.management import call_command

    for score in [5, 3]:
        vote(reader_client(), article, score)
    RatingSummary.objects.filter(pk=article.pk).update(count=99, total=7, bayesian=0)
    out = StringIO()
    call_command("recompute_ratings", stdout=out)
    summary = summary_of(article)
    assert (summary.count, summary.total, summary.count_5, summary.count_3) == (2, 8, 1, 1)
    assert summary.bayesian == pytest.approx((10 * 3.5 + 8) / 12)
    assert "1 résumés corrigés" in out.getvalue()
