"""Votes brought from a previous site (a WordPress rating plugin keeps only a count and a sum):
the article reads the same after the move, new votes add to them, and the distribution says
honestly what it does not know."""

import pytest

from ratings.models import Rating, RatingSummary

from ..conftest import make_article, text
from .test_ratings import vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article("Les toits deviennent des potagers")


def test_imported_votes_read_as_on_the_old_site(client, article):
    RatingSummary.objects.import_votes(article.pk, count=30, total=138)  # 4,6/5 on WordPress
    page = text(client.get(article.get_absolute_url()))
    assert "4,6/5 (30 votes)" in page
    assert "Dont 30 votes repris de l'ancien site, sans détail par étoile" in page
    assert not Rating.objects.exists()


def test_new_votes_add_to_imported_ones_and_the_distribution_covers_only_known_stars(client, article):
    RatingSummary.objects.import_votes(article.pk, count=30, total=138)
    assert vote(client, article, 1).status_code == 302
    summary = RatingSummary.objects.get(article=article)
    display = summary.display()
    assert (display.count, display.total) == (31, 139)
    assert display.average_label == "4,5"
    assert [(s.stars, s.count, s.percent) for s in display.distribution] == [
        (5, 0, 0), (4, 0, 0), (3, 0, 0), (2, 0, 0), (1, 1, 100)]
    assert "répartition porte sur les 1 autres" in display.imported_label
    # The ranking score counts imported votes like any other.
    assert summary.bayesian == pytest.approx((10 * 3.5 + 139) / (10 + 31))


def test_importing_again_replaces_instead_of_adding(client, article):
    RatingSummary.objects.import_votes(article.pk, count=30, total=138)
    vote(client, article, 5)
    RatingSummary.objects.import_votes(article.pk, count=32, total=150)
    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.total, summary.imported_count) == (33, 155, 32)
    # A rebuild (repairs, new prior) keeps them.
    RatingSummary.objects.rebuild(article.pk)
    summary.refresh_from_db()
    assert (summary.count, summary.total) == (33, 155)


def test_a_reset_clears_imported_votes_too(article):
    RatingSummary.objects.import_votes(article.pk, count=3, total=12)
    RatingSummary.objects.reset(article)
    summary = RatingSummary.objects.get(article=article)
    assert (summary.count, summary.total, summary.imported_count, summary.imported_total) == (0, 0, 0, 0)


@pytest.mark.parametrize("count, total", [(-1, 0), (3, 2), (3, 16)])
def test_impossible_imported_figures_are_refused(article, count, total):
    with pytest.raises(ValueError):
        RatingSummary.objects.import_votes(article.pk, count=count, total=total)
    assert not RatingSummary.objects.filter(article=article, count__gt=0).exists()
