"""Concurrent votes on one article end with exact totals (PostgreSQL).

Each thread has its own database connection, so the votes really race in PostgreSQL: row
locks, the unique constraint and F() updates are what keep the counts exact. SQLite takes one
writer at a time, so there is nothing to race there: these tests run in CI's PostgreSQL passes
(.ci/run steps 2 and 3) and are skipped, saying so, on SQLite.
"""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.db.models import Count, Q, Sum

from ratings.models import Rating, RatingSummary
from ratings.ranking import bayesian_average

from ..conftest import make_article, reader_client

pytestmark = pytest.mark.django_db(transaction=True)

# One PostgreSQL connection per thread; the server's max_connections (100) is shared with
# parallel test workers, so 32 threads send the votes, all released at once by a barrier.
THREADS = 32
VOTES = 200


@pytest.fixture(autouse=True)
def postgresql_only(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers, nothing races: this runs in CI's PostgreSQL pass")
    # Every vote comes from the test's one address; the limits are tested elsewhere.
    settings.RATINGS_VOTES_PER_HOUR = 10 * VOTES
    settings.RATINGS_MAX_READERS_PER_IP = 0


def race(jobs):
    """Run the jobs on THREADS threads started together; results in job order."""
    barrier = threading.Barrier(THREADS)
    chunks = [list(range(i, len(jobs), THREADS)) for i in range(THREADS)]

    def worker(indexes):
        try:
            barrier.wait(timeout=30)
            return [(i, jobs[i]()) for i in indexes]
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(THREADS) as pool:
        results = dict(pair for chunk in pool.map(worker, chunks) for pair in chunk)
    return [results[i] for i in range(len(jobs))]


def assert_summary_matches_rows(article):
    rows = Rating.objects.filter(article=article).aggregate(
        count=Count("pk"), total=Sum("score", default=0),
        **{f"count_{s}": Count("pk", filter=Q(score=s)) for s in range(1, 6)})
    summary = RatingSummary.objects.get(pk=article.pk)
    assert {field: getattr(summary, field) for field in rows} == rows
    assert summary.bayesian == pytest.approx(bayesian_average(summary.total, summary.count))
    return summary


def test_200_concurrent_votes_through_the_view_are_all_counted_exactly():
    article = make_article()  # no summary row yet: the first votes race to create it
    scores = [random.Random(n).randint(1, 5) for n in range(VOTES)]
    url = f"/articles/{article.slug}/noter/"

    def voter(score):
        return lambda: reader_client().post(url, {"score": score}).status_code

    statuses = race([voter(score) for score in scores])

    assert statuses == [302] * VOTES
    summary = assert_summary_matches_rows(article)
    assert (summary.count, summary.total) == (VOTES, sum(scores))
    for stars in range(1, 6):
        assert getattr(summary, f"count_{stars}") == scores.count(stars)


def test_the_same_readers_voting_many_times_at_once_count_once_each():
    article = make_article()
    readers = 25
    jobs = [
        (lambda reader=reader, score=score:
         Rating.objects.vote(article, f"lecteur-{reader}", "reseau", score))
        for reader in range(readers) for score in [1, 2, 3, 4, 5, 4, 3, 2]  # 200 votes
    ]
    race(jobs)

    assert Rating.objects.filter(article=article).count() == readers
    summary = assert_summary_matches_rows(article)
    assert summary.count == readers


def test_resets_racing_with_votes_leave_the_summary_equal_to_the_votes():
    article = make_article()

    def job(n):
        if n % 50 == 25:
            return lambda: RatingSummary.objects.reset(article)
        return lambda: Rating.objects.vote(article, f"lecteur-{n}", "reseau", n % 5 + 1)

    race([job(n) for n in range(VOTES)])

    assert_summary_matches_rows(article)
