"""One rule decides what readers see: Article.objects.published()."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Article

from ..conftest import make_article

pytestmark = pytest.mark.django_db


def test_only_published_articles_whose_time_has_come_are_visible():
    shown = make_article("Publié")
    make_article("Brouillon", status=Article.Status.DRAFT)
    make_article("En relecture", status=Article.Status.REVIEW)
    make_article("Archivé", status=Article.Status.ARCHIVED, published_at=timezone.now() - timedelta(days=3))
    make_article("Programmé", published_at=timezone.now() + timedelta(days=1))

    assert list(Article.objects.published()) == [shown]


def test_scheduled_article_appears_once_its_time_passes(client):
    go_live = timezone.now() + timedelta(hours=2)
    article = make_article("Programmé pour plus tard", published_at=go_live)

    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Programmé pour plus tard" not in client.get("/").content.decode()

    with freeze_time(go_live + timedelta(seconds=1)):
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Programmé pour plus tard" in client.get("/").content.decode()


def test_publishing_without_a_date_publishes_now():
    article = make_article(status=Article.Status.DRAFT)
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.ARCHIVED])
def test_unpublished_article_answers_404_everywhere(client, status):
    tag = "mot-secret"
    article = make_article("Pas pour les lecteurs", status=status, tags=[tag],
                           published_at=timezone.now() - timedelta(days=1))
    author = article.ordered_authors[0]
    # Withdrawn (« Archivé »): gone, not unknown (redirects.views.gone; nothing of it shown).
    response = client.get(article.get_absolute_url())
    assert response.status_code == (410 if status == Article.Status.ARCHIVED else 404)
    assert "Pas pour les lecteurs" not in response.content.decode()
    for url in ["/", article.section.get_absolute_url(), author.get_absolute_url(),
                article.tags.get().get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Pas pour les lecteurs" not in response.content.decode()
