import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Section
from authors.models import Author

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a throw-away folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_section(name=None, **fields):
    n = next(_counter)
    return Section.objects.create(name=name or f"Rubrique {n}", position=n, **fields)


def make_author(name=None, **fields):
    n = next(_counter)
    fields.setdefault("short_bio", f"Bio courte de l'auteur {n}.")
    fields.setdefault("job_title", "journaliste")
    return Author.objects.create(name=name or f"Auteur {n}", **fields)


def make_article(title=None, *, status=Article.Status.PUBLISHED, published_at=None,
                 section=None, authors=None, tags=(), **fields):
    """An article as a journalist would leave it; published an hour ago unless told."""
    n = next(_counter)
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    fields.setdefault("standfirst", f"Chapô de l'article {n}.")
    fields.setdefault("body", f"<h2>Intertitre {n}</h2><p>Texte de l'article {n}.</p>")
    article = Article.objects.create(
        title=title or f"Article numéro {n}",
        status=status,
        published_at=published_at,
        section=section if section is not None else make_section(),
        **fields,
    )
    for position, author in enumerate(authors if authors is not None else [make_author()]):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.add(*tags)
    return article
