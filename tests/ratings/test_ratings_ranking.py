""""Les mieux notés": a Bayesian average, stored and indexed, read in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from ratings.models import Rating, RatingSummary
from ratings.ranking import bayesian_average, top_rated

from ..conftest import COUNTER_READS, make_article, reader_client, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_votes(django_capture_on_commit_callbacks):
    """Votes from distinct readers, through the vote view's code path, committed (so the
    page cache hears about them)."""

    def add(article, *scores):
        with django_capture_on_commit_callbacks(execute=True):
            for score in scores:
                n = Rating.objects.count()
                Rating.objects.vote(article, f"lecteur-{n}", f"reseau-{n}", score)

    return add


def test_one_perfect_vote_does_not_beat_two_hundred_votes_at_4_7(add_votes):
    lucky = make_article("Un seul vote parfait")
    loved = make_article("Deux cents lecteurs conquis")
    add_votes(lucky, 5)
    add_votes(loved, *([5] * 140 + [4] * 60))  # 940 / 200 = 4,7
    assert RatingSummary.objects.get(pk=loved.pk).display().label == "4,7/5 (200 votes)"
    assert list(top_rated()) == [loved, lucky]
    assert bayesian_average(5, 1) == pytest.approx((10 * 3.5 + 5) / 11)


def test_stored_score_follows_votes_and_revotes_exactly():
    article = make_article()
    Rating.objects.vote(article, "a", "h", 5)
    Rating.objects.vote(article, "b", "h", 2)
    Rating.objects.vote(article, "a", "h", 3)  # re-vote: 5 → 3
    summary = RatingSummary.objects.get(pk=article.pk)
    assert (summary.count, summary.total) == (2, 5)
    assert summary.bayesian == pytest.approx(bayesian_average(5, 2))


def test_ranking_skips_unpublished_closed_and_unrated_articles(add_votes):
    shown = make_article("Visible")
    draft = make_article(status=Article.Status.DRAFT)
    closed = make_article(allow_ratings=False)
    make_article("Jamais noté")
    for article in [shown, draft, closed]:
        Rating.objects.create(article=article, reader_id="x", ip_hash="h", score=5)
        RatingSummary.objects.rebuild(article.pk)
    reset = make_article("Remis à zéro")
    add_votes(reset, 5)
    RatingSummary.objects.reset(reset)
    assert list(top_rated()) == [shown]


def test_top_rated_page_lists_articles_best_first_in_constant_queries(client, add_votes):
    def page_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/les-mieux-notes/")
        assert response.status_code == 200
        return len(captured), text(response)

    assert "Aucun article n'a encore été noté." in page_queries()[1]  # warms the page cache up
    good, better = make_article("Bon article"), make_article("Meilleur article")
    add_votes(good, 4, 4, 3)
    add_votes(better, 5, 5, 4)  # each vote drops the cached page
    few, page = page_queries()
    assert "<h1>Les mieux notés</h1>" in page
    assert page.index("Meilleur article") < page.index("Bon article")
    assert "4,7/5 (3 votes)" in page and "3,7/5 (3 votes)" in page
    for _ in range(6):
        add_votes(make_article(), 4)
    many, _page = page_queries()
    # The ranking, the bylines and the section in three queries; the page-cache counters of
    # what the votes moved and of the new rows, read once each (COUNTER_READS).
    assert many == few <= 3 + COUNTER_READS


def test_top_rated_page_is_bounded_by_the_setting(client, settings, add_votes):
    settings.RATINGS_TOP_PAGE_SIZE = 2
    for score in [1, 2, 3]:
        add_votes(make_article(f"Noté {score}"), score)
    page = text(client.get("/les-mieux-notes/"))
    assert "Noté 3" in page and "Noté 2" in page and "Noté 1" not in page


def test_empty_top_rated_page_says_so_in_french(client):
    assert "Aucun article n'a encore été noté." in text(client.get("/les-mieux-notes/"))


def test_home_block_links_to_the_page_and_lists_the_best(client, settings, add_votes):
    settings.RATINGS_TOP_HOME_SIZE = 2
    assert "Les mieux notés" not in text(client.get("/"))  # nothing rated yet: no empty block
    best, second, third = make_article("Premier"), make_article("Deuxième"), make_article("Troisième")
    add_votes(best, 5, 5)
    add_votes(second, 4, 4)
    add_votes(third, 3, 3)
    page = text(client.get("/"))
    block = page[page.index('class="home-top-rated"'):]
    block = block[:block.index("</section>")]
    assert 'href="/les-mieux-notes/"' in block
    assert block.index("Premier") < block.index("Deuxième")
    assert "Troisième" not in block
    assert "5,0/5 (2 votes)" in block
    # The block's title is drawn once per language and process: each home gets its own.
    for path, title, other in (("/en/", "Top rated", "Les mieux notés"),
                               ("/", "Les mieux notés", "Top rated")):
        page = text(client.get(path))
        block = page[page.index('class="home-top-rated"'):]
        block = block[:block.index("</section>")]
        assert title in block and other not in block
        assert f'href="{path}les-mieux-notes/"' in block


def test_recompute_scores_only_after_changing_the_prior(settings, add_votes):
    from django.core.management import call_command

    article = make_article()
    add_votes(article, 5, 5)
    settings.RATINGS_PRIOR_WEIGHT, settings.RATINGS_PRIOR_MEAN = 2, 3.0
    call_command("recompute_ratings", "--scores-only", stdout=open("/dev/null", "w"))
    assert RatingSummary.objects.get(pk=article.pk).bayesian == pytest.approx((2 * 3 + 10) / 4)


def test_vote_through_the_view_updates_the_ranking(client):
    article = make_article()
    client.post(f"/articles/{article.slug}/noter/", {"score": 5})
    reader_client().post(f"/articles/{article.slug}/noter/", {"score": 4})
    assert RatingSummary.objects.get(pk=article.pk).bayesian == pytest.approx(bayesian_average(9, 2))


def test_top_rated_titles_are_set_in_french_typography(client, add_votes):
    add_votes(make_article("Vitraux : dans l'atelier"), 5)
    for url in ("/", "/les-mieux-notes/"):
        html = client.get(url).content.decode()
        block = html[html.index("top-rated__"):]
        assert "Vitraux\u00a0: dans l’atelier" in block, url
        assert "Vitraux : dans" not in block and "l&#x27;atelier" not in block, url
